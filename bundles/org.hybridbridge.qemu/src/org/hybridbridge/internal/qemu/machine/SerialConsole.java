package org.hybridbridge.internal.qemu.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.hybridbridge.qemu.GuestException;

/**
 * The guest's serial console, carried on QEMU's standard input and output. A daemon thread
 * drains the output into a buffer at once (so QEMU never blocks on a full pipe); callers
 * consume it up to markers they wait for.
 */
public final class SerialConsole {

    private final OutputStream toGuest;
    private final Object lock = new Object();
    /** Output not yet consumed: {@code pending[0..length)}. */
    private byte[] pending = new byte[1 << 16];
    private int length;
    private boolean ended;

    public SerialConsole(InputStream fromGuest, OutputStream toGuest) {
        this.toGuest = toGuest;
        Thread reader = new Thread(() -> drain(fromGuest), "qemu-serial");
        reader.setDaemon(true);
        reader.start();
    }

    private void drain(InputStream fromGuest) {
        byte[] buffer = new byte[8192];
        try (fromGuest) {
            for (int n = fromGuest.read(buffer); n >= 0; n = fromGuest.read(buffer)) {
                synchronized (lock) {
                    if (length + n > pending.length) {
                        pending = Arrays.copyOf(pending, Math.max(2 * pending.length, length + n));
                    }
                    System.arraycopy(buffer, 0, pending, length, n);
                    length += n;
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // QEMU went away: waiters learn it from ended
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    /** Sends one line to the guest. */
    public void sendLine(String line) {
        try {
            toGuest.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toGuest.flush();
        } catch (IOException e) {
            throw new GuestException("cannot write to the guest's console: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the console output holds {@code marker}, then removes and returns everything
     * up to and including it.
     */
    public byte[] readThrough(String marker, Duration timeout) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        int searched = 0; // output before this offset cannot start a match
        synchronized (lock) {
            while (true) {
                int found = indexOf(pending, length, needle, searched);
                if (found >= 0) {
                    int end = found + needle.length;
                    byte[] consumed = Arrays.copyOf(pending, end);
                    System.arraycopy(pending, end, pending, 0, length - end);
                    length -= end;
                    return consumed;
                }
                searched = Math.max(0, length - needle.length + 1);
                long left = deadline - System.nanoTime();
                if (ended) {
                    throw new GuestException("the guest's console closed before " + printable(marker) + "; it ended with: "
                            + tail());
                }
                if (left <= 0) {
                    throw new GuestException("no " + printable(marker) + " on the guest's console within "
                            + timeout.toSeconds() + " s; it ended with: " + tail());
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GuestException("interrupted while waiting for the guest", e);
                }
            }
        }
    }

    static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
        outer: for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String printable(String marker) {
        return "'" + marker.strip() + "'";
    }

    /** The last line or so of output, for one-line errors. */
    private String tail() {
        int start = Math.max(0, length - 400);
        String text = new String(pending, start, length - start, StandardCharsets.UTF_8).strip();
        String last = text.substring(text.lastIndexOf('\n') + 1).strip();
        return last.isEmpty() ? "(nothing)" : last.length() > 200 ? last.substring(last.length() - 200) : last;
    }
}
