package org.hybridbridge.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hb} command and its subcommands. Exit status: 0 success, 1 the command ran and
 * found a problem, 2 bad usage (unknown subcommand or option: usage is printed).
 */
@Command(name = "hb", mixinStandardHelpOptions = true, version = "hb 0.1.0",
        description = "Hybrid-Bridge: introspect a guest VM's memory with ordinary tools.",
        subcommands = { DoctorCommand.class, CommandLine.HelpCommand.class })
public final class Hb implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs {@code hb} with these arguments and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Hb());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** {@code hb} alone: nothing to do, so the usage, as for any other bad usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
