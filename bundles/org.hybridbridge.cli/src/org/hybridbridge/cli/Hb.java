package org.hybridbridge.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hb} command and its subcommands. Exit status: 0 success, 1 the command failed or
 * found a problem (one line says why), 2 bad usage (unknown subcommand or option: usage is
 * printed); {@code hb guest run} exits with the guest command's status.
 */
@Command(name = "hb", mixinStandardHelpOptions = true, version = "hb 0.1.0",
        description = "Hybrid-Bridge: introspect a guest VM's memory with ordinary tools.",
        subcommands = { DoctorCommand.class, GuestCommand.class, CommandLine.HelpCommand.class })
public final class Hb extends CommandGroup {

    /** Runs {@code hb} with these arguments and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Hb());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(Hb::reportFailure);
        return commandLine.execute(args);
    }

    /** A command that failed says why in one line (no stack trace) and exits 1. */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        String why = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + why);
        return 1;
    }
}
