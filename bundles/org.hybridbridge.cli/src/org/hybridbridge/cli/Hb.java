package org.hybridbridge.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

import org.hybridbridge.qemu.InvalidSnapshotException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hb} command and its subcommands. Exit status: 0 success, 1 the command failed or
 * found a problem (one line says why), 2 bad usage (unknown subcommand or option: usage is
 * printed) or bad input (one line says why); {@code hb guest run} and {@code hb run} exit with
 * the guest command's or the utility's status, except that {@code hb run} exits
 * {@link #MAY_BE_INCOMPLETE} when the kernel met trouble serving the utility (warnings on stderr).
 */
@Command(name = "hb", mixinStandardHelpOptions = true, version = "hb 0.1.0",
        description = "Hybrid-Bridge: introspect a guest VM's memory with ordinary tools.",
        subcommands = { DoctorCommand.class, GuestCommand.class, SnapshotCommand.class, ProfileCommand.class,
                RunCommand.class, DemoCommand.class, BenchCommand.class, FuzzCommand.class, MetadataCommand.class,
                DiffCommand.class, TraceCommand.class, CodePagesCommand.class, CommandLine.HelpCommand.class })
public final class Hb extends CommandGroup {

    /** The exit status of a run whose answer may be incomplete: the kernel met trouble in the guest's data. */
    static final int MAY_BE_INCOMPLETE = 3;

    /** Runs {@code hb} with these arguments and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return execute(commandLine(out, err), args);
    }

    /** {@code hb} with its subcommands, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Hb());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((failure, failed, parsed) -> reportFailure(failure, failed));
        commandLine.setParameterExceptionHandler(Hb::reportBadUsage);
        // hb run UTILITY ARGS...: everything from the utility on is the utility's, as with env or sudo
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        return commandLine;
    }

    /**
     * Runs {@code commandLine} on {@code args}. picocli hands only Exceptions to the failure
     * handler; an Error (out of memory, a fault in a mapped file) would leave through Equinox,
     * which logs it and exits 0, so it is reported here the same way.
     */
    static int execute(CommandLine commandLine, String[] args) {
        try {
            return commandLine.execute(args);
        } catch (Error error) {
            return reportFailure(error, commandLine.getParseResult() == null ? commandLine
                    : innermost(commandLine.getParseResult()).commandSpec().commandLine());
        }
    }

    private static CommandLine.ParseResult innermost(CommandLine.ParseResult parsed) {
        return parsed.hasSubcommand() ? innermost(parsed.subcommand()) : parsed;
    }

    /** Bad usage prints the problem and the usage, always (picocli leaves the usage out when it has a suggestion). */
    private static int reportBadUsage(CommandLine.ParameterException problem, String[] args) {
        CommandLine commandLine = problem.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(problem.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(problem, err);
        commandLine.usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * A command that failed says why in one line (no stack trace): exit 2 for bad input (an
     * unusable snapshot, an argument the command refuses), 1 for anything else. An Error is
     * named by its class: its message alone ("Java heap space") does not say what happened.
     */
    private static int reportFailure(Throwable failure, CommandLine commandLine) {
        String why = failure.getMessage() == null || failure instanceof Error ? failure.toString()
                : failure.getMessage();
        if (failure instanceof OutOfMemoryError) {
            why += " (give hb more memory: HB_VM_ARGS=-Xmx...)";
        }
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + why);
        boolean badInput = failure instanceof InvalidSnapshotException || failure instanceof IllegalArgumentException;
        return badInput ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }
}
