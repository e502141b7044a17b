package org.hybridbridge.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.hybridbridge.qemu.CommandResult;
import org.hybridbridge.qemu.GuestImageBuilder;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.GuestRunner;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hb guest build|run}: the SVM and demo GVM images, and one command run in a guest. */
@Command(name = "guest", mixinStandardHelpOptions = true, description = "Build the guest images; run a command in a guest.",
        subcommands = { GuestCommand.Build.class, GuestCommand.Run.class })
final class GuestCommand extends CommandGroup {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Fetch the kernel and busybox with apt, compile native/, write the SVM and GVM images "
                    + "into the cache ($HB_CACHE, default ~/.cache/hybridbridge). Does nothing when up to date.")
    static final class Build implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            GuestImages images = GuestImages.inDefaultCache();
            GuestImageBuilder.Result result = new GuestImageBuilder(images, GuestImageBuilder.locateNativeSources())
                    .build(new ProgressLine(spec.commandLine().getErr()));
            spec.commandLine().getOut().printf("%s %s%n%s %s%n%s%n", "svm", result.svm().initramfs(), "gvm",
                    result.gvm().initramfs(), result.rebuilt() ? "built" : "up to date");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Boot the guest, run COMMAND through hb-agent, print its output, shut the guest down. "
                    + "Exits with the command's status.")
    static final class Run implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GUEST", converter = GuestKindConverter.class,
                description = "Which guest.")
        private GuestKind kind;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "Program and arguments (after --).")
        private List<String> command;

        @Override
        public Integer call() {
            CommandResult result = GuestRunner.run(GuestImages.inDefaultCache(), kind, command, kind.defaultOptions(),
                    new ProgressLine(spec.commandLine().getErr()));
            spec.commandLine().getOut().print(result.output());
            spec.commandLine().getOut().flush();
            return result.exitStatus();
        }
    }

    /** Parses svm or gvm; anything else is bad usage (exit 2). */
    static final class GuestKindConverter implements CommandLine.ITypeConverter<GuestKind> {
        @Override
        public GuestKind convert(String value) {
            return GuestKind.parse(value);
        }
    }
}
