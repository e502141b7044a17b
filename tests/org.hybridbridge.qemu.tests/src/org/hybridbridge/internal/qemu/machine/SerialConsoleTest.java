package org.hybridbridge.internal.qemu.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.hybridbridge.qemu.GuestException;
import org.junit.jupiter.api.Test;

class SerialConsoleTest {

    @Test
    void markersSplitAcrossWritesAreFoundAndConsumedInOrder() throws IOException {
        PipedOutputStream guest = new PipedOutputStream();
        SerialConsole console = new SerialConsole(new PipedInputStream(guest, 1 << 16), new ByteArrayOutputStream());

        guest.write("abc HB-RE".getBytes(StandardCharsets.UTF_8));
        guest.write("ADY\nrest\n".getBytes(StandardCharsets.UTF_8));
        guest.flush();

        assertEquals("abc HB-READY\n", new String(console.readThrough("HB-READY\n", Duration.ofSeconds(5)), StandardCharsets.UTF_8));
        assertEquals("rest\n", new String(console.readThrough("\n", Duration.ofSeconds(5)), StandardCharsets.UTF_8));
    }

    @Test
    void waitingPastTheTimeoutNamesTheMarkerAndTheLastOutput() throws IOException {
        PipedOutputStream guest = new PipedOutputStream();
        SerialConsole console = new SerialConsole(new PipedInputStream(guest), new ByteArrayOutputStream());
        guest.write("booting\nstill booting".getBytes(StandardCharsets.UTF_8));
        guest.flush();

        GuestException e = assertThrows(GuestException.class,
                () -> console.readThrough("HB-READY\n", Duration.ofMillis(300)));

        assertTrue(e.getMessage().contains("'HB-READY'") && e.getMessage().endsWith("still booting"), e.getMessage());
    }

    @Test
    void largeOutputIsReadWhole() throws IOException {
        PipedOutputStream guest = new PipedOutputStream();
        SerialConsole console = new SerialConsole(new PipedInputStream(guest, 1 << 16), new ByteArrayOutputStream());
        byte[] line = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".getBytes(StandardCharsets.UTF_8);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 50_000; i++) {
                    guest.write(line);
                }
                guest.write("END\n".getBytes(StandardCharsets.UTF_8));
                guest.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();

        assertEquals(50_000 * 64 + 4, console.readThrough("END\n", Duration.ofSeconds(30)).length);
    }
}
