package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hb profile}: the kernel profile of the SVM's kernel build, made once and cached. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Show the kernel profile (banner, sections, key symbols, per-CPU base); the first call boots "
                + "the SVM to read /proc/kallsyms and the BTF.")
final class ProfileCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KernelProfile profile = KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(),
                new ProgressLine(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("banner      %s%n", profile.banner().strip());
        out.printf("directory   %s%n", profile.directory());
        out.printf("symbols     %,d%n", profile.symbolCount());
        out.printf("per-cpu     0x%x%n", profile.perCpuBase());
        for (Map.Entry<String, Long> section : profile.sections().entrySet()) {
            out.printf("  %-22s 0x%x%n", section.getKey(), section.getValue());
        }
        for (String symbol : KernelProfile.KEY_SYMBOLS) {
            out.printf("  %-22s 0x%x%n", symbol, profile.symbol(symbol));
        }
        return 0;
    }
}
