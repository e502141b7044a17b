package org.hybridbridge.internal.qemu.machine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridbridge.qemu.CommandResult;
import org.hybridbridge.qemu.GuestException;

/** The host side of hb-agent's line protocol (native/hb-agent.c documents it). */
public final class AgentProtocol {

    static final String READY = "HB-READY\n";
    private static final String END = "\nHB-END ";
    private static final Pattern BEGIN = Pattern.compile("HB-BEGIN (\\d+)\n");
    private static final Pattern STATUS = Pattern.compile("(exit|signal)=(\\d+)\n");

    private final SerialConsole console;

    public AgentProtocol(SerialConsole console) {
        this.console = console;
    }

    /** Waits for the agent's first prompt, past the kernel's boot messages. */
    public void awaitReady(Duration timeout) {
        console.readThrough(READY, timeout);
    }

    /** Sends {@code command} and returns the pid the agent runs it as, once the agent named it. */
    public int start(String command, Duration timeout) {
        if (command.isBlank() || command.contains("\n") || command.contains("\r")) {
            throw new IllegalArgumentException("a guest command is one non-empty line: '" + command + "'");
        }
        console.sendLine(command);
        String begin = text(console.readThrough("\n", timeout));
        Matcher matcher = BEGIN.matcher(begin);
        if (!matcher.find()) {
            throw new GuestException("hb-agent answered '" + begin.strip() + "' instead of HB-BEGIN to: " + command);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Waits for the end of the command {@link #start started} as {@code pid}, and the next prompt. */
    public CommandResult finish(String command, int pid, Duration timeout) {
        String output = text(console.readThrough(END, timeout));
        output = output.substring(0, output.length() - END.length());
        String status = text(console.readThrough("\n", timeout));
        console.readThrough(READY, timeout);
        Matcher matcher = STATUS.matcher(status);
        if (!matcher.matches()) {
            throw new GuestException("hb-agent ended '" + command + "' with a malformed status: " + status.strip());
        }
        int value = Integer.parseInt(matcher.group(2));
        boolean exited = matcher.group(1).equals("exit");
        return new CommandResult(command, pid, output, exited ? value : -1, exited ? 0 : value);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
