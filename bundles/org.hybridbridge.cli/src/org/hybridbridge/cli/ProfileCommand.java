package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.hybridbridge.core.run.KernelProfileReport;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.taint.syscall.Syscall;
import org.hybridbridge.taint.syscall.SyscallTable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hb profile}: the kernel profile of the SVM's kernel build, made once and cached; what the Kernel view shows. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Show the kernel profile (banner, sections, key symbols, per-CPU base, BTF); the first call "
                + "boots the SVM to read /proc/kallsyms and the BTF.")
final class ProfileCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private GuestText guestText;

    @Option(names = "--symbols", paramLabel = "REGEX",
            description = "Also list the symbols whose name the regex finds, by address (as the Kernel view's search).")
    private Pattern symbols;

    @Option(names = "--syscalls", description = "Also list the system call table with each call's class.")
    private boolean syscalls;

    @Option(names = "--json", description = "Print one JSON document instead.")
    private boolean json;

    @Override
    public Integer call() {
        KernelProfile profile = KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(),
                new ProgressLine(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(KernelProfileReport.json(profile, symbols, syscalls));
            out.flush();
            return 0;
        }
        out.print(guestText.shown(String.format("banner      %s%n", profile.banner().strip())));
        out.printf("directory   %s%n", profile.directory());
        out.printf("symbols     %,d%n", profile.symbolCount());
        out.printf("per-cpu     0x%x%n", profile.perCpuBase());
        out.printf("btf         %,d bytes%n", profile.btfBytes().length);
        for (Map.Entry<String, Long> section : profile.sections().entrySet()) {
            out.printf("  %-22s 0x%x%n", section.getKey(), section.getValue());
        }
        for (String symbol : KernelProfile.KEY_SYMBOLS) {
            out.printf("  %-22s 0x%x%n", symbol, profile.symbol(symbol));
        }
        if (symbols != null) {
            KernelProfileReport.symbols(profile, symbols)
                    .forEach(symbol -> out.printf("0x%x  %s%n", symbol.getValue(), symbol.getKey()));
        }
        if (syscalls) {
            for (Syscall syscall : SyscallTable.defaults().syscalls()) {
                out.printf("%4d  %-24s %s%n", syscall.number(), syscall.name(), syscall.kind().spelling());
            }
        }
        out.flush();
        return 0;
    }
}
