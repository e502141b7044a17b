package org.hybridbridge.internal.kvm.jna;

import java.nio.file.Path;

import org.hybridbridge.kvm.KvmException;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls the KVM binding needs, direct-mapped through JNA. Each public method turns
 * a failing call into a {@link KvmException} naming the operation and the errno text.
 */
public final class LibC {

    /** {@code EINTR} from {@code errno.h}: {@code KVM_RUN} returns it when a signal is pending. */
    public static final int EINTR = 4;

    // Values from fcntl.h and sys/mman.h on x86-64 Linux (printed by a C program).
    private static final int O_RDONLY = 0x0;
    private static final int O_RDWR = 0x2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_SHARED = 0x1;
    private static final int MAP_PRIVATE = 0x2;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    // open(2) and ioctl(2) are variadic in C; on x86-64 a fixed-argument call is ABI-compatible.
    private static native int open(String path, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native int ioctl(int fd, long request, long argument) throws LastErrorException;

    private static native int ioctl(int fd, long request, Pointer argument) throws LastErrorException;

    private static native Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset)
            throws LastErrorException;

    private static native int munmap(Pointer address, long length) throws LastErrorException;

    private static native String strerror(int errno);

    /** Opens {@code device} read-write (close-on-exec) and returns its file descriptor. */
    public static int openReadWrite(Path device) {
        try {
            return open(device.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw failure("open " + device, e);
        }
    }

    /** Opens {@code file} read-only (close-on-exec) and returns its file descriptor. */
    public static int openReadOnly(Path file) {
        try {
            return open(file.toString(), O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw failure("open " + file, e);
        }
    }

    /** Closes {@code fd}; {@code what} names it in the exception. */
    public static void close(int fd, String what) {
        try {
            close(fd);
        } catch (LastErrorException e) {
            throw failure("close " + what, e);
        }
    }

    /** An ioctl whose argument is an integer; returns the ioctl's non-negative result. */
    public static int ioctl(int fd, String name, long request, long argument) {
        try {
            return ioctl(fd, request, argument);
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
    }

    /** An ioctl whose argument points to a structure; returns the ioctl's non-negative result. */
    public static int ioctl(int fd, String name, long request, Pointer argument) {
        try {
            return ioctl(fd, request, argument);
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
    }

    /** Maps {@code length} bytes of {@code fd} shared and read-write (the vCPU's {@code kvm_run}). */
    public static Pointer mapShared(int fd, long length, String what) {
        return map(fd, length, MAP_SHARED, "mmap " + what);
    }

    /** Maps {@code length} bytes of zeroed, page-aligned anonymous memory, reserved lazily. */
    public static Pointer mapAnonymous(long length) {
        return map(-1, length, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, "mmap anonymous");
    }

    /**
     * Maps {@code length} bytes of {@code fd} from {@code offset}, private and read-write: the
     * first write to a page copies it, so the file never changes (and {@code fd} may be read-only).
     */
    public static Pointer mapPrivate(int fd, long length, long offset, String what) {
        return map(fd, length, offset, MAP_PRIVATE, "mmap " + what);
    }

    private static Pointer map(int fd, long length, int flags, String operation) {
        return map(fd, length, 0, flags, operation);
    }

    private static Pointer map(int fd, long length, long offset, int flags, String operation) {
        try {
            // On failure mmap returns MAP_FAILED and sets errno, which JNA turns into the exception.
            return mmap(null, length, PROT_READ | PROT_WRITE, flags, fd, offset);
        } catch (LastErrorException e) {
            throw failure(operation, e);
        }
    }

    /** Unmaps a mapping made by {@link #mapShared}, {@link #mapPrivate} or {@link #mapAnonymous}. */
    public static void unmap(Pointer address, long length) {
        try {
            munmap(address, length);
        } catch (LastErrorException e) {
            throw failure("munmap", e);
        }
    }

    private static KvmException failure(String operation, LastErrorException e) {
        int errno = e.getErrorCode();
        return new KvmException(operation, errno, strerror(errno));
    }
}
