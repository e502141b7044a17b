package org.hybridbridge.taint;

import java.io.ByteArrayOutputStream;

import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.LinearMemory;

/**
 * The utility's output: {@code write} and {@code writev} to fd 1 or 2, read from its memory at
 * the {@code syscall} and completed without entering the kernel, so the SVM's console never
 * sees them (Slow-Bridge at the {@code syscall}, Fast-Bridge at the service routine). The result is what the kernel would return: the byte count, or {@code -EFAULT}
 * when a buffer is not readable (nothing of that call is captured then).
 */
public final class OutputCapture {

    private static final long EFAULT = -14, EINVAL = -22;
    /** The kernel caps one write at MAX_RW_COUNT (INT_MAX rounded down to a page); a utility's line is far smaller. */
    private static final long MAX_CAPTURED = 1 << 24;
    private static final int IOVEC_SIZE = 16;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    /** {@code write(fd, buffer, count)}: @return the syscall's result */
    public long write(LinearMemory user, long buffer, long count) {
        if (count < 0 || count > MAX_CAPTURED) {
            return EINVAL;
        }
        try {
            output.writeBytes(read(user, buffer, count));
            return count;
        } catch (CpuException e) {
            return EFAULT;
        }
    }

    /** {@code writev(fd, iov, iovcnt)}: @return the syscall's result */
    public long writev(LinearMemory user, long iov, long iovcnt) {
        if (iovcnt < 0 || iovcnt > 1024) { // UIO_MAXIOV
            return EINVAL;
        }
        ByteArrayOutputStream gathered = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < iovcnt; i++) {
                long base = user.read(iov + (long) i * IOVEC_SIZE, 8);
                long length = user.read(iov + (long) i * IOVEC_SIZE + 8, 8);
                if (length < 0 || gathered.size() + length > MAX_CAPTURED) {
                    return EINVAL;
                }
                gathered.writeBytes(read(user, base, length));
            }
        } catch (CpuException e) {
            return EFAULT;
        }
        output.writeBytes(gathered.toByteArray());
        return gathered.size();
    }

    /** @return how many bytes were captured so far */
    public int size() {
        return output.size();
    }

    public byte[] bytes() {
        return output.toByteArray();
    }

    private static byte[] read(LinearMemory user, long address, long count) throws CpuException {
        byte[] bytes = new byte[(int) count];
        user.read(address, bytes);
        return bytes;
    }
}
