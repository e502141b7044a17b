package org.hybridbridge.qemu;

/**
 * What one command run by hb-agent inside a guest produced.
 *
 * @param command    the command line as sent
 * @param pid        the guest pid of the process that ran it
 * @param output     its standard output and error, as the console carried them
 * @param exitStatus its exit status; -1 when a signal ended it
 * @param signal     the signal that ended it; 0 when it exited
 */
public record CommandResult(String command, int pid, String output, int exitStatus, int signal) {

    public boolean succeeded() {
        return exitStatus == 0;
    }
}
