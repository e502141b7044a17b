package org.hybridbridge.internal.qemu.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.hybridbridge.qemu.CommandResult;
import org.hybridbridge.qemu.GuestException;
import org.junit.jupiter.api.Test;

/** The host side of the protocol against console transcripts as hb-agent writes them. */
class AgentProtocolTest {

    private static final Duration SHORT = Duration.ofSeconds(2);

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private AgentProtocol agentSaying(String transcript) {
        SerialConsole console = new SerialConsole(
                new ByteArrayInputStream(transcript.getBytes(StandardCharsets.UTF_8)), sent);
        return new AgentProtocol(console);
    }

    private static CommandResult run(AgentProtocol agent, String command) {
        return agent.finish(command, agent.start(command, SHORT), SHORT);
    }

    @Test
    void outputIsWhatLiesBetweenBeginAndTheAgentsNewlineBeforeEnd() {
        AgentProtocol agent = agentSaying("[ boot noise ]\nHB-READY\nHB-BEGIN 86\nline 1\nline 2\n\nHB-END exit=0\nHB-READY\n");
        agent.awaitReady(SHORT);

        CommandResult result = run(agent, "tinyps");

        assertEquals("tinyps\n", sent.toString(StandardCharsets.UTF_8));
        assertEquals(new CommandResult("tinyps", 86, "line 1\nline 2\n", 0, 0), result);
        assertTrue(result.succeeded());
    }

    @Test
    void outputWithoutFinalNewlineAndASignalledEnd() {
        AgentProtocol agent = agentSaying("HB-BEGIN 7\npartial\nHB-END signal=9\nHB-READY\n");

        assertEquals(new CommandResult("x", 7, "partial", -1, 9), run(agent, "x"));
    }

    @Test
    void commandsAreSingleNonEmptyLines() {
        AgentProtocol agent = agentSaying("");

        assertThrows(IllegalArgumentException.class, () -> agent.start("ps\nreboot", SHORT));
        assertThrows(IllegalArgumentException.class, () -> agent.start("  ", SHORT));
        assertEquals(0, sent.size(), "nothing reaches the guest");
    }

    @Test
    void aConsoleThatEndsEarlySaysWhatItLastSaw() {
        AgentProtocol agent = agentSaying("Kernel panic - not syncing: No working init found\n");

        GuestException e = assertThrows(GuestException.class, () -> agent.awaitReady(SHORT));

        assertTrue(e.getMessage().contains("Kernel panic"), e.getMessage());
    }
}
