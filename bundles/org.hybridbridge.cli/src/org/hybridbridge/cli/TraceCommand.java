package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.core.trace.StepText;
import org.hybridbridge.core.trace.TaintTableRows;
import org.hybridbridge.core.trace.WalkthroughRecorder;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.model.Walkthrough;
import org.hybridbridge.model.store.ModelStore;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.taint.metadata.SourceNames;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hb trace}: the steps of one introspected system call of a run through Slow-Bridge, one
 * line each, then the taint table they fill; what the Walkthrough view steps through.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = { "Run a utility through Slow-Bridge redirected to a GVM and print the kernel instructions of "
                + "one of its introspected system calls, one by one: step, address, symbol+offset, AT&T text, the "
                + "operands' taint sources, and each memory access with the image that served it (GVM: redirected, "
                + "SVM: not; stack: the SVM's); then the taint table those steps filled.",
                "The Walkthrough view shows the same steps." })
final class TraceCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--utility", paramLabel = "COMMAND", defaultValue = "getpid",
            description = "The utility and its arguments, one word or quoted (default: ${DEFAULT-VALUE}).")
    private String utility;

    @Option(names = "--syscall", paramLabel = "NAME", defaultValue = "getpid",
            description = "The introspected system call to follow (default: ${DEFAULT-VALUE}).")
    private String syscall;

    @Option(names = "--gvm", paramLabel = "FILE", description = "The GVM snapshot (default: the demo GVM's).")
    private Path gvm;

    @Option(names = "--save", paramLabel = "FILE.hbtrace",
            description = "Also save the walkthrough as a new file of the model (the Walkthrough view opens it).")
    private Path save;

    @Override
    public Integer call() throws IOException {
        if (save != null && Files.exists(save)) {
            throw new CommandLine.ParameterException(spec.commandLine(), save + " exists: not overwritten");
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
        Path snapshot = gvm != null ? gvm : runner.gvm(GuestKind.GVM, progress);
        Walkthrough walkthrough = WalkthroughRecorder.record(runner, utility, syscall, snapshot, progress);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d kernel instructions of %s, redirected to %s%n", walkthrough.getCommandLine(),
                walkthrough.getSteps().size(), walkthrough.getSyscall(), walkthrough.getGvm());
        List<TraceStep> steps = walkthrough.getSteps();
        for (int i = 0; i < steps.size(); i++) {
            out.println(StepText.line(walkthrough, i));
        }
        List<TaintTableRows.Row> rows = TaintTableRows.upTo(walkthrough, steps.size() - 1);
        out.printf("%nTaint table (%d instructions with memory accesses)%n", rows.size());
        for (TaintTableRows.Row row : rows) {
            out.printf("  0x%x  %-5s %-28s %-36s %s%n", row.address(), row.accessClass(), row.symbol(), row.text(),
                    row.sources().isEmpty() ? "-" : SourceNames.join(row.sources()));
        }
        if (save != null) {
            ModelStore.write(walkthrough, save);
            spec.commandLine().getErr().println("saved to " + save);
        }
        out.flush();
        return 0;
    }
}
