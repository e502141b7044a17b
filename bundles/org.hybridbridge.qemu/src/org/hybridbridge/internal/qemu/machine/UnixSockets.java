package org.hybridbridge.internal.qemu.machine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.hybridbridge.qemu.GuestException;

/** Connecting to the UNIX sockets QEMU listens on once it has created them. */
public final class UnixSockets {

    private UnixSockets() {
    }

    /** Connects to {@code socket}, waiting for QEMU to create it while {@code qemu} lives. */
    public static SocketChannel connect(Path socket, Process qemu, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(socket)) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    return channel;
                } catch (IOException e) {
                    channel.close(); // created but not yet listening: try again
                }
            }
            if (!qemu.isAlive()) {
                throw new GuestException("QEMU exited (status " + qemu.exitValue() + ") before it opened " + socket);
            }
            if (System.nanoTime() > deadline) {
                throw new GuestException("QEMU did not open " + socket + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuestException("interrupted while waiting for " + socket, e);
            }
        }
    }
}
