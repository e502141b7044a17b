package org.hybridbridge.internal.qemu.machine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridbridge.qemu.GuestException;

/**
 * A client of QEMU's gdbstub (GDB remote serial protocol) for what snapshots need: software
 * breakpoints ({@code Z0}), continue, interrupt, stop replies and registers by name, the names
 * and sizes taken from the target description QEMU serves.
 *
 * <p>QEMU stops the guest when a debugger connects, so connect while it is paused with {@code -S}.
 */
public final class GdbRemote implements Closeable {

    private static final Pattern STOP_THREAD = Pattern.compile("thread:(?:p[0-9a-f]+\\.)?([0-9a-f]+);");
    private static final Pattern REGISTER = Pattern.compile("<reg name=\"([^\"]+)\" bitsize=\"(\\d+)\"");
    private static final Pattern INCLUDE = Pattern.compile("<xi:include href=\"([^\"]+)\"");

    private final SocketChannel channel;
    private final BlockingQueue<String> packets = new LinkedBlockingQueue<>();
    private final List<Register> registers = new ArrayList<>();

    /** A register as the target description numbers it. */
    record Register(String name, int number, int bytes) {
    }

    public GdbRemote(SocketChannel channel) throws IOException {
        this.channel = channel;
        // The channel itself, not Channels' streams: those share one lock, so a write would
        // wait for the reader thread's blocking read.
        Thread reader = new Thread(this::readPackets, "qemu-gdbstub");
        reader.setDaemon(true);
        reader.start();
        readTargetDescription();
    }

    /** Sets a breakpoint on the instruction at guest-virtual {@code address}, in any address space. */
    public void insertBreakpoint(long address) {
        expectOk(request("Z0," + Long.toHexString(address) + ",1"), "setting a breakpoint");
    }

    public void removeBreakpoint(long address) {
        expectOk(request("z0," + Long.toHexString(address) + ",1"), "removing a breakpoint");
    }

    /**
     * Executes the one instruction at a breakpoint the guest is stopped on, as GDB does:
     * resuming with the breakpoint in place would stop at once on the same instruction.
     */
    public void stepOverBreakpoint(long address, Duration timeout) {
        removeBreakpoint(address);
        send("s");
        awaitStop(timeout);
        insertBreakpoint(address);
    }

    /** Lets the guest run; its next stop is reported to {@link #awaitStop}. */
    public void resume() {
        send("c");
    }

    /** Stops a running guest and returns the stop reply. */
    public String interrupt(Duration timeout) {
        write(new byte[] { 3 });
        return awaitStop(timeout);
    }

    /** Waits for a stop reply ({@code T05...} for a breakpoint) after {@link #resume}. */
    public String awaitStop(Duration timeout) {
        String reply = next(timeout);
        if (!reply.startsWith("T") && !reply.startsWith("S")) {
            throw new GuestException("gdbstub sent '" + reply + "' where a stop reply was due");
        }
        return reply;
    }

    /**
     * @return the index of the vCPU a stop reply names ({@code thread:N;}, N = index + 1 in QEMU's
     *         gdbstub, possibly as {@code pP.N}); 0 when it names none (one vCPU)
     */
    public static int stoppedCpu(String stopReply) {
        Matcher thread = STOP_THREAD.matcher(stopReply);
        return thread.find() ? Integer.parseInt(thread.group(1), 16) - 1 : 0;
    }

    /** The value of register {@code name} (e.g. {@code rip}, {@code cr3}, {@code k_gs_base}), little-endian bytes. */
    public byte[] register(String name) {
        Register register = registers.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new GuestException("QEMU's gdbstub has no register " + name));
        String reply = request("p" + Integer.toHexString(register.number()));
        if (reply.startsWith("E") || reply.length() != 2 * register.bytes()) {
            throw new GuestException("gdbstub cannot read " + name + ": " + reply);
        }
        return HexFormat.of().parseHex(reply);
    }

    private void readTargetDescription() {
        String target = readFeature("target.xml");
        Matcher include = INCLUDE.matcher(target);
        StringBuilder description = new StringBuilder(target);
        while (include.find()) {
            description.append(readFeature(include.group(1)));
        }
        Matcher register = REGISTER.matcher(description);
        while (register.find()) {
            registers.add(new Register(register.group(1), registers.size(), Integer.parseInt(register.group(2)) / 8));
        }
        if (registers.isEmpty()) {
            throw new GuestException("QEMU's gdbstub describes no registers");
        }
    }

    private String readFeature(String annex) {
        StringBuilder text = new StringBuilder();
        while (true) {
            String reply = request("qXfer:features:read:" + annex + ":" + Integer.toHexString(text.length()) + ",fff");
            if (reply.isEmpty() || (reply.charAt(0) != 'm' && reply.charAt(0) != 'l')) {
                throw new GuestException("gdbstub cannot read its target description " + annex + ": " + reply);
            }
            text.append(reply, 1, reply.length());
            if (reply.charAt(0) == 'l') {
                return text.toString();
            }
        }
    }

    private String request(String packet) {
        send(packet);
        return next(Duration.ofSeconds(30));
    }

    private void send(String packet) {
        int checksum = 0;
        for (byte b : packet.getBytes(StandardCharsets.US_ASCII)) {
            checksum = (checksum + (b & 0xff)) & 0xff;
        }
        write(String.format("$%s#%02x", packet, checksum).getBytes(StandardCharsets.US_ASCII));
    }

    private void write(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new GuestException("gdbstub: " + e.getMessage(), e);
        }
    }

    private String next(Duration timeout) {
        try {
            String packet = packets.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (packet == null) {
                throw new GuestException("gdbstub sent nothing within " + timeout.toSeconds() + " s");
            }
            return packet;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException("interrupted while waiting for the gdbstub", e);
        }
    }

    private static void expectOk(String reply, String what) {
        if (!reply.equals("OK")) {
            throw new GuestException("gdbstub refused " + what + ": " + reply);
        }
    }

    /** Reads "$data#cs" packets and acknowledges each; checksums go unchecked (a local socket does not corrupt). */
    private void readPackets() {
        StringBuilder packet = new StringBuilder();
        boolean inside = false;
        int checksumLeft = 0;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    char c = (char) (buffer.get() & 0xff);
                    if (checksumLeft > 0) {
                        if (--checksumLeft == 0) {
                            // QEMU ignores every byte but '+' until its last packet is acknowledged
                            // (no-ack mode starts only after one such packet, so it is not used).
                            write(new byte[] { '+' });
                            packets.add(packet.toString());
                            packet.setLength(0);
                        }
                    } else if (!inside) {
                        inside = c == '$';
                    } else if (c == '#') {
                        inside = false;
                        checksumLeft = 2;
                    } else {
                        packet.append(c);
                    }
                }
            }
        } catch (IOException | GuestException e) {
            // the socket closed with QEMU: pending waits time out with a clear message
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
