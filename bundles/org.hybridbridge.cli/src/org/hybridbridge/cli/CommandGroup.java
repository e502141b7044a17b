package org.hybridbridge.cli;

import picocli.CommandLine;

/** A command that only groups subcommands: called alone, it is bad usage (usage, exit 2). */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public final void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
