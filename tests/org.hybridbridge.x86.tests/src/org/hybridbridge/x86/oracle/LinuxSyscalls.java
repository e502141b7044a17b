package org.hybridbridge.x86.oracle;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tiny Linux: the system calls a static glibc or busybox program makes on its way from
 * {@code _start} to {@code exit_group}, answered deterministically in user mode so that two
 * CPUs running the same program see the same kernel. One instance per CPU. Output to fd 1 and 2
 * is captured; stdin is empty; there is no file system ({@code openat} fails with ENOENT).
 * Memory protection is not modelled: every page is RWX, {@code mprotect} and {@code munmap}
 * succeed without effect. A call outside this list stops the run with its number and arguments.
 */
final class LinuxSyscalls {

    private static final int EPERM = 1, ENOENT = 2, EBADF = 9, EINVAL = 22, ENOTTY = 25, ENOSYS = 38;
    private static final long MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
    private static final long ARCH_SET_FS = 0x1002;
    private static final long F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, O_RDONLY = 0, O_WRONLY = 1;
    private static final long TCGETS = 0x5401, TIOCGWINSZ = 0x5413;
    private static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7;
    private static final long RLIM_INFINITY = -1L;
    private static final long AT_EMPTY_PATH = 0x1000;
    /** {@code struct stat} of x86-64: 144 bytes, st_mode at 24, st_blksize at 56. */
    private static final int STAT_SIZE = 144, STAT_MODE = 24, STAT_BLKSIZE = 56;
    private static final int S_IFIFO = 0x1000;
    private static final int UTSNAME_FIELD = 65;
    private static final long PR_SET_NAME = 15, PR_GET_NAME = 16;
    /** {@code TASK_COMM_LEN}: the process name with its NUL. */
    private static final int COMM_LENGTH = 16;
    /** Where anonymous mappings go, downwards: below the stack, like {@code mmap_base} without randomisation. */
    private static final long MMAP_TOP = ProcessImage.STACK_TOP - 0x1000_0000L;
    /** The time {@code clock_gettime} answers, fixed so runs are reproducible: 2023-11-14 22:13:20 UTC. */
    private static final long FIXED_TIME_SECONDS = 1_700_000_000L;

    private final long pid;
    private final String executable;
    private final long initialBreak;
    private long programBreak;
    private long mmapNext = MMAP_TOP;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    /** Open file descriptors: stdin (no stream), stdout, stderr, and their duplicates. */
    private final Map<Long, Optional<ByteArrayOutputStream>> files = new HashMap<>(
            Map.of(0L, Optional.empty(), 1L, Optional.of(stdout), 2L, Optional.of(stderr)));
    private final String processName;
    private OptionalInt exitStatus = OptionalInt.empty();

    /**
     * @param pid          what {@code getpid}, {@code gettid} and {@code set_tid_address} answer
     * @param executable   what {@code readlink("/proc/self/exe")} answers
     * @param initialBreak the start of the heap (after the bss, page-aligned)
     */
    LinuxSyscalls(long pid, String executable, long initialBreak) {
        this.pid = pid;
        this.executable = executable;
        this.initialBreak = initialBreak;
        this.programBreak = initialBreak;
        String base = executable.substring(executable.lastIndexOf('/') + 1);
        this.processName = base.length() > COMM_LENGTH - 1 ? base.substring(0, COMM_LENGTH - 1) : base;
    }

    /**
     * Performs the system call {@code cpu} is stopped at, as the kernel's {@code syscall} path
     * does: result in RAX, RCX = the return address, R11 = RFLAGS, RIP = {@code returnAddress}.
     */
    void handle(UserModeCpu cpu, long returnAddress) {
        long number = cpu.gpr(0);
        long[] a = { cpu.gpr(7), cpu.gpr(6), cpu.gpr(2), cpu.gpr(10), cpu.gpr(8), cpu.gpr(9) };
        long result = call(cpu, number, a);
        cpu.setGpr(0, result);
        cpu.setGpr(1, returnAddress);
        cpu.setGpr(11, cpu.registers().rflags());
        cpu.setRip(returnAddress);
    }

    private long call(UserModeCpu cpu, long number, long[] a) {
        return switch ((int) number) {
            case 0 -> read(a[0]);
            case 1 -> write(cpu, a[0], a[1], a[2]);
            case 3 -> close(a[0]);
            case 5 -> fstat(cpu, a[0], a[1]);
            case 9 -> mmap(cpu, a[0], a[1], a[3], a[4]);
            case 10, 11 -> 0; // mprotect, munmap
            case 12 -> brk(cpu, a[0]);
            case 13 -> signalAction(cpu, a[2]);
            case 14 -> signalMask(cpu, a[2]);
            case 16 -> ioctl(a[0], a[1]);
            case 20 -> writev(cpu, a[0], a[1], a[2]);
            case 32 -> duplicate(a[0]);
            case 39, 186 -> pid; // getpid, gettid
            case 60, 231 -> exit(a[0]);
            case 89 -> readLink(cpu, a[0], a[1], a[2]);
            case 63 -> uname(cpu, a[0]);
            case 72 -> fcntl(a[0], a[1]);
            case 102, 107 -> ProcessImage.UID; // getuid, geteuid
            case 105 -> a[0] == ProcessImage.UID ? 0 : -EPERM; // setuid: an unprivileged process keeps its id
            case 106 -> a[0] == ProcessImage.GID ? 0 : -EPERM; // setgid
            case 104, 108 -> ProcessImage.GID; // getgid, getegid
            case 110 -> 1; // getppid: init
            case 157 -> prctl(cpu, a[0], a[1]);
            case 158 -> archPrctl(cpu, a[0], a[1]);
            case 201 -> time(cpu, a[0]);
            case 218 -> pid; // set_tid_address
            case 228 -> clockGettime(cpu, a[1]);
            case 257 -> -ENOENT; // openat: no file system
            case 262 -> newFstatAt(cpu, a[1], a[2], a[3]);
            case 267 -> readLink(cpu, a[1], a[2], a[3]); // readlinkat: the path is absolute
            case 273 -> 0; // set_robust_list
            case 302 -> prlimit(cpu, a[1], a[3]);
            case 318 -> getRandom(cpu, a[0], a[1]);
            case 334 -> -ENOSYS; // rseq: glibc then does without
            default -> throw new UnsupportedOperationException(String.format(
                    "system call %d is not emulated (rdi %#x, rsi %#x, rdx %#x, r10 %#x) at %#x",
                    number, a[0], a[1], a[2], a[3], cpu.rip()));
        };
    }

    /** @return the status of {@code exit_group}, empty while the program runs */
    OptionalInt exitStatus() {
        return exitStatus;
    }

    String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** stdin is empty: end of file at once. */
    private long read(long fd) {
        return files.containsKey(fd) ? 0 : -EBADF;
    }

    private long write(UserModeCpu cpu, long fd, long buffer, long count) {
        Optional<ByteArrayOutputStream> stream = files.get(fd);
        if (stream == null || stream.isEmpty()) {
            return -EBADF;
        }
        stream.get().writeBytes(cpu.read(buffer, Math.toIntExact(count)));
        return count;
    }

    private long close(long fd) {
        return files.remove(fd) == null ? -EBADF : 0;
    }

    /** The lowest free descriptor, as the kernel chooses. */
    private long duplicate(long fd) {
        Optional<ByteArrayOutputStream> stream = files.get(fd);
        if (stream == null) {
            return -EBADF;
        }
        long copy = 0;
        while (files.containsKey(copy)) {
            copy++;
        }
        files.put(copy, stream);
        return copy;
    }

    private long writev(UserModeCpu cpu, long fd, long vector, long count) {
        ByteBuffer iovecs = ByteBuffer.wrap(cpu.read(vector, Math.toIntExact(16 * count))).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        for (int i = 0; i < count; i++) {
            long written = write(cpu, fd, iovecs.getLong(16 * i), iovecs.getLong(16 * i + 8));
            if (written < 0) {
                return written;
            }
            total += written;
        }
        return total;
    }

    /** stdin is the read end of a pipe, every other descriptor a write end; close-on-exec is not kept. */
    private long fcntl(long fd, long command) {
        Optional<ByteArrayOutputStream> stream = files.get(fd);
        if (stream == null) {
            return -EBADF;
        }
        if (command == F_GETFL) {
            return stream.isEmpty() ? O_RDONLY : O_WRONLY;
        }
        if (command == F_GETFD || command == F_SETFD) {
            return 0;
        }
        throw new UnsupportedOperationException(String.format("fcntl(%d, %d) is not emulated", fd, command));
    }

    /** Every descriptor is a pipe: glibc then buffers stdout fully and flushes it at exit. */
    private long fstat(UserModeCpu cpu, long fd, long buffer) {
        if (!files.containsKey(fd)) {
            return -EBADF;
        }
        ByteBuffer stat = ByteBuffer.allocate(STAT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        stat.putInt(STAT_MODE, S_IFIFO | 0600);
        stat.putLong(STAT_BLKSIZE, Pages.SIZE);
        cpu.write(buffer, stat.array());
        return 0;
    }

    private long newFstatAt(UserModeCpu cpu, long path, long buffer, long flags) {
        if ((flags & AT_EMPTY_PATH) == 0 || !readString(cpu, path).isEmpty()) {
            return -ENOENT;
        }
        // with AT_EMPTY_PATH the first argument is the fd itself
        return fstat(cpu, cpu.gpr(7), buffer);
    }

    private long mmap(UserModeCpu cpu, long address, long length, long flags, long fd) {
        if ((flags & MAP_ANONYMOUS) == 0 || (int) fd != -1) {
            throw new UnsupportedOperationException(String.format(
                    "mmap of a file (fd %d, flags %#x) is not emulated: there is no file system", fd, flags));
        }
        if (length <= 0) {
            return -EINVAL;
        }
        long size = Pages.roundUp(length);
        long start;
        if ((flags & MAP_FIXED) != 0) {
            start = address;
        } else {
            mmapNext -= size;
            start = mmapNext;
        }
        cpu.map(start, size);
        return start;
    }

    /** brk(0) asks for the break; a larger value grows the heap; shrinking is refused, as it may be. */
    private long brk(UserModeCpu cpu, long requested) {
        if (requested > programBreak) {
            if (requested >= mmapNext) {
                return programBreak;
            }
            long mapped = Pages.roundUp(programBreak);
            cpu.map(mapped, Pages.roundUp(requested) - mapped);
            programBreak = requested;
        } else if (requested >= initialBreak) {
            programBreak = requested;
        }
        return programBreak;
    }

    /** No signal is ever delivered: every handler is SIG_DFL. */
    private static long signalAction(UserModeCpu cpu, long oldAction) {
        if (oldAction != 0) {
            cpu.write(oldAction, new byte[32]);
        }
        return 0;
    }

    private static long signalMask(UserModeCpu cpu, long oldMask) {
        if (oldMask != 0) {
            cpu.write(oldMask, new byte[8]);
        }
        return 0;
    }

    /** No terminal: the queries isatty() and the window size make fail, as on a pipe. */
    private long ioctl(long fd, long request) {
        if (request == TCGETS || request == TIOCGWINSZ) {
            return files.containsKey(fd) ? -ENOTTY : -EBADF;
        }
        throw new UnsupportedOperationException(String.format("ioctl(%d, %#x) is not emulated", fd, request));
    }

    private long exit(long status) {
        exitStatus = OptionalInt.of((int) status & 0xFF);
        return 0;
    }

    private static long uname(UserModeCpu cpu, long buffer) {
        String[] fields = { "Linux", "oracle", "6.1.0-56-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1",
                "x86_64", "(none)" };
        byte[] utsname = new byte[fields.length * UTSNAME_FIELD];
        for (int i = 0; i < fields.length; i++) {
            byte[] text = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, utsname, i * UTSNAME_FIELD, text.length);
        }
        cpu.write(buffer, utsname);
        return 0;
    }

    /** The process name is the executable's base name, as after execve; renaming is accepted and forgotten. */
    private long prctl(UserModeCpu cpu, long option, long argument) {
        if (option == PR_GET_NAME) {
            byte[] name = new byte[COMM_LENGTH];
            byte[] text = processName.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, name, 0, text.length);
            cpu.write(argument, name);
            return 0;
        }
        return option == PR_SET_NAME ? 0 : -EINVAL;
    }

    private static long archPrctl(UserModeCpu cpu, long code, long address) {
        if (code != ARCH_SET_FS) {
            return -EINVAL; // e.g. the CET queries of glibc: not supported, as on a CPU without CET
        }
        cpu.setFsBase(address);
        return 0;
    }

    private static long time(UserModeCpu cpu, long seconds) {
        if (seconds != 0) {
            cpu.write(seconds, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, FIXED_TIME_SECONDS).array());
        }
        return FIXED_TIME_SECONDS;
    }

    private static long clockGettime(UserModeCpu cpu, long timespec) {
        ByteBuffer time = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        time.putLong(0, FIXED_TIME_SECONDS);
        cpu.write(timespec, time.array());
        return 0;
    }

    private long readLink(UserModeCpu cpu, long path, long buffer, long size) {
        if (!readString(cpu, path).equals("/proc/self/exe")) {
            return -ENOENT;
        }
        byte[] target = executable.getBytes(StandardCharsets.UTF_8);
        int length = (int) Math.min(target.length, size);
        byte[] truncated = new byte[length];
        System.arraycopy(target, 0, truncated, 0, length);
        cpu.write(buffer, truncated);
        return length;
    }

    private static long prlimit(UserModeCpu cpu, long resource, long oldLimit) {
        if (oldLimit != 0) {
            ByteBuffer limit = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            switch ((int) resource) {
                case RLIMIT_STACK -> limit.putLong(0, 8L << 20).putLong(8, RLIM_INFINITY);
                case RLIMIT_NOFILE -> limit.putLong(0, 1024).putLong(8, 1L << 20);
                default -> limit.putLong(0, RLIM_INFINITY).putLong(8, RLIM_INFINITY);
            }
            cpu.write(oldLimit, limit.array());
        }
        return 0;
    }

    private static long getRandom(UserModeCpu cpu, long buffer, long length) {
        byte[] bytes = new byte[Math.toIntExact(length)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x5A ^ i);
        }
        cpu.write(buffer, bytes);
        return length;
    }

    private static String readString(UserModeCpu cpu, long address) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (long at = address;; at++) {
            byte b = cpu.read(at, 1)[0];
            if (b == 0) {
                return text.toString(StandardCharsets.UTF_8);
            }
            text.write(b);
        }
    }
}
