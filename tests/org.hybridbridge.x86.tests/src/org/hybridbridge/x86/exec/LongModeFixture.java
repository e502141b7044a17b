package org.hybridbridge.x86.exec;

import java.util.HexFormat;

/**
 * A small long-mode machine laid out as Linux lays out its own: GDT with Linux's selectors
 * (kernel CS 0x10, DS 0x18, user DS 0x2b, CS 0x33, TSS 0x40), an IDT, a 64-bit TSS, identity-
 * mapped supervisor pages for the system structures, kernel code and stacks, and user pages
 * for user code, stack and data. Physical memory is 8 MiB.
 */
final class LongModeFixture {

    static final int KERNEL_CS = 0x10, KERNEL_DS = 0x18, USER_DS = 0x2B, USER_CS = 0x33, TSS_SELECTOR = 0x40;
    static final long GDT = 0x1000, IDT = 0x2000, TSS = 0x3000, TABLES = 0x10000;
    static final long KERNEL_CODE = 0x100000, KERNEL_STACK_TOP = 0x102000, IST1_TOP = 0x103000;
    static final long USER_CODE = 0x200000, USER_STACK_TOP = 0x202000, USER_DATA = 0x202000;
    static final long CR0_PE = 1, CR0_WP = 1L << 16, CR0_PG = 1L << 31;
    static final long CR4_PAE = 1L << 5, CR4_PGE = 1L << 7, CR4_OSFXSR = 1L << 9;
    static final long EFER_SCE = 1, EFER_LME = 1L << 8, EFER_LMA = 1L << 10, EFER_NXE = 1L << 11;
    /** The RFLAGS bits Linux masks on syscall entry (X86_EFLAGS_TF|DF|IF|IOPL|AC|NT). */
    static final long LINUX_SFMASK = 0x47700;

    final ArrayPhysicalMemory memory;
    final CpuState cpu = new CpuState();
    final PageTables tables;
    final Machine machine;

    LongModeFixture() {
        this(new QemuCpuModel(0));
    }

    LongModeFixture(CpuModel model) {
        this(model, false);
    }

    /** @param countsWrites whether the memory counts writes per page (as the copy-on-write overlay does) */
    LongModeFixture(CpuModel model, boolean countsWrites) {
        memory = new ArrayPhysicalMemory(8 << 20, countsWrites);
        tables = new PageTables(memory, false, TABLES);
        for (long page : new long[] { GDT, IDT, TSS, KERNEL_CODE, KERNEL_STACK_TOP - 0x1000, IST1_TOP - 0x1000 }) {
            tables.map4k(page, page, PageTables.P | PageTables.W);
        }
        for (long page : new long[] { USER_CODE, USER_STACK_TOP - 0x1000, USER_DATA }) {
            tables.map4k(page, page, PageTables.P | PageTables.W | PageTables.U);
        }
        writeGdt();
        writeTss();
        cpu.setCr(0, CR0_PE | CR0_WP | CR0_PG);
        cpu.setCr(3, tables.root());
        cpu.setCr(4, CR4_PAE | CR4_PGE | CR4_OSFXSR);
        cpu.setEfer(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
        cpu.setGdtr(GDT, 0x4F);
        cpu.setIdtr(IDT, 0xFFF);
        cpu.setTr(TSS_SELECTOR, TSS, 0x67);
        cpu.setMsr(CpuState.MSR_STAR, (long) (USER_DS - 8) << 48 | (long) KERNEL_CS << 32);
        cpu.setMsr(CpuState.MSR_SFMASK, LINUX_SFMASK);
        machine = new Machine(cpu, memory, model);
    }

    private void writeGdt() {
        memory.write(GDT + KERNEL_CS, 8, 0x00AF_9B00_0000_FFFFL);
        memory.write(GDT + KERNEL_DS, 8, 0x00CF_9300_0000_FFFFL);
        memory.write(GDT + 0x20, 8, 0x00CF_FB00_0000_FFFFL); // 32-bit user code, unused here
        memory.write(GDT + (USER_DS & ~7), 8, 0x00CF_F300_0000_FFFFL);
        memory.write(GDT + (USER_CS & ~7), 8, 0x00AF_FB00_0000_FFFFL);
        // busy 64-bit TSS (type 0xB), as after ltr
        memory.write(GDT + TSS_SELECTOR, 8, 0x67 | (TSS & 0xFF_FFFFL) << 16 | 0x8BL << 40 | (TSS >>> 24 & 0xFF) << 56);
        memory.write(GDT + TSS_SELECTOR + 8, 8, TSS >>> 32);
    }

    private void writeTss() {
        memory.write(TSS + 4, 8, KERNEL_STACK_TOP);
        memory.write(TSS + 0x24, 8, IST1_TOP);
    }

    /** Installs a 64-bit gate for {@code vector} (type 0xE interrupt, 0xF trap). */
    void gate(int vector, long handler, int type, int dpl, int ist, boolean present) {
        long low = handler & 0xFFFF | (long) KERNEL_CS << 16 | (long) ist << 32 | (long) type << 40
                | (long) dpl << 45 | (present ? 1L << 47 : 0) | (handler >>> 16 & 0xFFFF) << 48;
        memory.write(IDT + vector * 16L, 8, low);
        memory.write(IDT + vector * 16L + 8, 8, handler >>> 32);
    }

    void code(long address, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        memory.write(address, bytes, 0, bytes.length);
    }

    void enterUser(long rip, long rsp) {
        cpu.setSegment(1, USER_CS, 0, SystemCallSemantics.USER_CODE);
        cpu.setSegment(2, USER_DS, 0, SystemCallSemantics.USER_DATA);
        cpu.setRip(rip);
        cpu.setGpr(4, rsp);
        cpu.setRflags(CpuState.IF);
    }

    void enterKernel(long rip, long rsp) {
        cpu.setSegment(1, KERNEL_CS, 0, SystemCallSemantics.KERNEL_CODE);
        cpu.setSegment(2, KERNEL_DS, 0, SystemCallSemantics.KERNEL_DATA);
        cpu.setRip(rip);
        cpu.setGpr(4, rsp);
        cpu.setRflags(0);
    }

    long read64(long physical) {
        return memory.read(physical, 8);
    }
}
