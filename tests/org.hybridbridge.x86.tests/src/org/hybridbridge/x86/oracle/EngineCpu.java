package org.hybridbridge.x86.oracle;

import java.util.HashMap;
import java.util.Map;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.exec.ArrayPhysicalMemory;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuModel;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.ExecutionObserver;
import org.hybridbridge.x86.exec.InstructionSet;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.PageTables;

/**
 * The side under test: our {@link Machine} at CPL3 in long mode, with 4-level page tables that
 * map the process's pages user-writable and executable, as Linux maps a process (protection
 * aside). There is no kernel: an exception the engine raises stops the run with its vector
 * instead of being delivered through an IDT.
 */
final class EngineCpu implements UserModeCpu {

    /** Linux's user selectors: 64-bit code 0x33, data 0x2b. */
    private static final int USER_CS = 0x33, USER_SS = 0x2B;
    /** Their hidden attributes in QEMU's layout: G, L (code) or D/B (data), P, DPL 3, S, type. */
    private static final int USER_CODE_FLAGS = 0x00A0_FB00, USER_DATA_FLAGS = 0x00C0_F300;
    private static final int CS = 1, SS = 2, FS = 4, GS = 5;
    private static final long CR0_PE = 1, CR0_WP = 1L << 16, CR0_PG = 1L << 31;
    private static final long CR4_PAE = 1L << 5, CR4_OSFXSR = 1L << 9, CR4_OSXMMEXCPT = 1L << 10;
    private static final long EFER_SCE = 1, EFER_LME = 1L << 8, EFER_LMA = 1L << 10, EFER_NXE = 1L << 11;
    /** Physical layout: page tables from 4 KiB up, process pages from 16 MiB up, 128 MiB in all. */
    private static final long TABLES = 0x1000, FRAMES = 16L << 20;
    private static final int MEMORY_SIZE = 128 << 20;

    private final ArrayPhysicalMemory memory = new ArrayPhysicalMemory(MEMORY_SIZE);
    private final PageTables tables = new PageTables(memory, false, TABLES);
    private final CpuState cpu = new CpuState();
    private final Machine machine;
    /** Linear page -> physical frame of every mapped page. */
    private final Map<Long, Long> frames = new HashMap<>();
    private long nextFrame = FRAMES;

    EngineCpu(CpuModel model) {
        cpu.setCr(0, CR0_PE | CR0_WP | CR0_PG);
        cpu.setCr(3, tables.root());
        cpu.setCr(4, CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT);
        cpu.setEfer(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
        cpu.setSegment(CS, USER_CS, 0, USER_CODE_FLAGS);
        cpu.setSegment(SS, USER_SS, 0, USER_DATA_FLAGS);
        machine = new Machine(cpu, memory, model);
        machine.setObserver(new ExecutionObserver() {
            @Override
            public void exceptionRaised(Instruction instruction, CpuException exception, Machine m) {
                throw new IllegalStateException("the engine raised " + exception.getMessage() + " at "
                        + String.format("%#x", cpu.rip()) + (instruction == null ? "" : " (" + instruction + ")"));
            }
        });
    }

    /** @return the engine's own instruction set, for a test that plants a bug in it (other machines keep theirs) */
    InstructionSet ownInstructionSet() {
        return machine.ownInstructionSet();
    }

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public void map(long address, long length) {
        for (long page = Pages.roundDown(address); page < address + length; page += Pages.SIZE) {
            if (!frames.containsKey(page)) {
                if (nextFrame + Pages.SIZE > MEMORY_SIZE) {
                    throw new IllegalStateException("the engine's test memory of " + MEMORY_SIZE + " bytes is full");
                }
                tables.map4k(page, nextFrame, PageTables.P | PageTables.W | PageTables.U);
                frames.put(page, nextFrame);
                nextFrame += Pages.SIZE;
            }
        }
    }

    @Override
    public boolean isMapped(long address) {
        return frames.containsKey(Pages.roundDown(address));
    }

    @Override
    public void write(long address, byte[] bytes) {
        for (int done = 0; done < bytes.length;) {
            long at = address + done;
            int chunk = (int) Math.min(bytes.length - done, Pages.SIZE - (at & Pages.MASK));
            memory.write(frame(at) + (at & Pages.MASK), bytes, done, chunk);
            done += chunk;
        }
    }

    @Override
    public byte[] read(long address, int length) {
        byte[] bytes = new byte[length];
        for (int done = 0; done < length;) {
            long at = address + done;
            int chunk = (int) Math.min(length - done, Pages.SIZE - (at & Pages.MASK));
            memory.read(frame(at) + (at & Pages.MASK), bytes, done, chunk);
            done += chunk;
        }
        return bytes;
    }

    private long frame(long address) {
        Long frame = frames.get(Pages.roundDown(address));
        if (frame == null) {
            throw new IllegalStateException(String.format("%#x is not mapped", address));
        }
        return frame;
    }

    @Override
    public long gpr(int number) {
        return cpu.gpr(number);
    }

    @Override
    public void setGpr(int number, long value) {
        cpu.setGpr(number, value);
    }

    @Override
    public long rip() {
        return cpu.rip();
    }

    @Override
    public void setRip(long value) {
        cpu.setRip(value);
    }

    @Override
    public void setFsBase(long value) {
        cpu.setSegmentBase(FS, value);
    }

    @Override
    public RegisterFile registers() {
        long[] gprs = new long[16];
        for (int i = 0; i < gprs.length; i++) {
            gprs[i] = cpu.gpr(i);
        }
        long[] xmm = new long[32];
        for (int i = 0; i < xmm.length; i++) {
            xmm[i] = cpu.xmm(i / 2, i % 2);
        }
        return new RegisterFile(gprs, cpu.rip(), cpu.rflags(), cpu.segmentBase(FS), cpu.segmentBase(GS), xmm);
    }

    @Override
    public void setRegisters(RegisterFile registers) {
        for (int i = 0; i < registers.gprs().length; i++) {
            cpu.setGpr(i, registers.gprs()[i]);
        }
        cpu.setRip(registers.rip());
        cpu.setRflags(registers.rflags());
        cpu.setSegmentBase(FS, registers.fsBase());
        cpu.setSegmentBase(GS, registers.gsBase());
        for (int i = 0; i < registers.xmm().length; i++) {
            cpu.setXmm(i / 2, i % 2, registers.xmm()[i]);
        }
    }

    @Override
    public void step() {
        machine.step();
    }

    @Override
    public void close() {
        // the engine holds nothing outside the Java heap
    }
}
