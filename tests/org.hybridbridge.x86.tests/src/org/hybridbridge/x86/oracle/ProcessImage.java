package org.hybridbridge.x86.oracle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A new Linux process as {@code execve} leaves it (fs/binfmt_elf.c): the {@code PT_LOAD}
 * segments, and at the top of the stack the strings, 16 random bytes, and argc, argv, envp and
 * the auxiliary vector, RSP pointing at argc. No vDSO ({@code AT_SYSINFO_EHDR} absent), so glibc
 * makes real system calls for the time. Everything is deterministic: the "random" bytes are fixed.
 *
 * @param elf         the executable
 * @param arguments   argv, argv[0] first
 * @param environment envp entries {@code NAME=value}
 */
record ProcessImage(StaticElf elf, List<String> arguments, List<String> environment) {

    /** {@code STACK_TOP} of x86-64 Linux with randomisation off (the stack grows down from here). */
    static final long STACK_TOP = 0x7FFF_FFFF_F000L;
    /** The stack mapped below {@link #STACK_TOP}: what glibc and busybox start-up need, with room. */
    static final long STACK_SIZE = 256 * 1024;
    /** The identity of the process (what {@code getuid} and friends answer). */
    static final long UID = 1000, GID = 1000;

    /** RFLAGS at the entry: IF and the always-one bit 1. */
    static final long USER_RFLAGS = 0x202;

    private static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
            AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;
    private static final long CLOCK_TICKS = 100;

    ProcessImage {
        arguments = List.copyOf(arguments);
        environment = List.copyOf(environment);
    }

    /**
     * Maps and fills the segments and the stack in {@code cpu} and sets the registers of the
     * entry: RIP = entry, RSP = &argc, RDX = 0 (no {@code rtld_fini}), every other GPR, FS/GS base and
     * XMM register zero, RFLAGS = IF (interrupts are always enabled in user mode).
     */
    void install(UserModeCpu cpu) {
        for (StaticElf.Segment segment : elf.segments()) {
            long start = Pages.roundDown(segment.address());
            cpu.map(start, Pages.roundUp(segment.end()) - start);
            cpu.write(segment.address(), segment.contents());
        }
        cpu.map(STACK_TOP - STACK_SIZE, STACK_SIZE);
        Stack stack = buildStack();
        cpu.write(stack.bottom(), stack.contents());
        long[] gprs = new long[16];
        gprs[4] = stack.bottom();
        cpu.setRegisters(new RegisterFile(gprs, elf.entry(), USER_RFLAGS, 0, 0, new long[32]));
    }

    /** The initial stack: its lowest address (= RSP, 16-aligned) and its bytes up to {@link #STACK_TOP}. */
    private record Stack(long bottom, byte[] contents) {
    }

    private Stack buildStack() {
        // Strings first, from the top down, as the kernel copies them: execfn, envp, argv
        StringArea strings = new StringArea(STACK_TOP - 8);
        long executableName = strings.push(arguments.get(0));
        List<Long> environmentPointers = new ArrayList<>();
        for (int i = environment.size() - 1; i >= 0; i--) {
            environmentPointers.add(0, strings.push(environment.get(i)));
        }
        List<Long> argumentPointers = new ArrayList<>();
        for (int i = arguments.size() - 1; i >= 0; i--) {
            argumentPointers.add(0, strings.push(arguments.get(i)));
        }
        long platform = strings.push("x86_64");
        long random = strings.pushBytes(randomBytes());

        // AT_HWCAP 0: glibc on x86-64 learns the CPU's features from cpuid, not from AT_HWCAP
        long[][] auxiliary = {
                { AT_HWCAP, 0 }, { AT_PAGESZ, Pages.SIZE }, { AT_CLKTCK, CLOCK_TICKS },
                { AT_PHDR, elf.programHeaders() }, { AT_PHENT, StaticElf.PROGRAM_HEADER_SIZE },
                { AT_PHNUM, elf.headerCount() }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, elf.entry() },
                { AT_UID, UID }, { AT_EUID, UID }, { AT_GID, GID }, { AT_EGID, GID }, { AT_SECURE, 0 },
                { AT_RANDOM, random }, { AT_HWCAP2, 0 }, { AT_EXECFN, executableName },
                { AT_PLATFORM, platform }, { AT_NULL, 0 } };
        int words = 1 + argumentPointers.size() + 1 + environmentPointers.size() + 1 + 2 * auxiliary.length;
        long bottom = (strings.lowest() - 8L * words) & ~15L;
        ByteBuffer stack = ByteBuffer.allocate(Math.toIntExact(STACK_TOP - bottom)).order(ByteOrder.LITTLE_ENDIAN);
        stack.putLong(argumentPointers.size());
        argumentPointers.forEach(stack::putLong);
        stack.putLong(0);
        environmentPointers.forEach(stack::putLong);
        stack.putLong(0);
        for (long[] entry : auxiliary) {
            stack.putLong(entry[0]).putLong(entry[1]);
        }
        byte[] area = strings.contents();
        stack.put(Math.toIntExact(strings.lowest() - bottom), area);
        return new Stack(bottom, stack.array());
    }

    /** AT_RANDOM's 16 bytes (glibc takes the stack guard and pointer guard from them): fixed here. */
    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x11 * (i + 1));
        }
        return bytes;
    }

    /** Strings pushed downwards from a top address, NUL-terminated. */
    private static final class StringArea {

        private final long top;
        private byte[] contents = new byte[0];

        StringArea(long top) {
            this.top = top;
        }

        long push(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, terminated, 0, bytes.length);
            return pushBytes(terminated);
        }

        long pushBytes(byte[] bytes) {
            byte[] grown = new byte[contents.length + bytes.length];
            System.arraycopy(bytes, 0, grown, 0, bytes.length);
            System.arraycopy(contents, 0, grown, bytes.length, contents.length);
            contents = grown;
            return lowest();
        }

        long lowest() {
            return top - contents.length;
        }

        byte[] contents() {
            return contents;
        }
    }
}
