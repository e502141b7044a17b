package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paging as SDM Vol. 3 chapter 4 specifies it, on hand-built page tables. */
class MmuTest {

    private static final long CR0_WP = 1L << 16, CR4_PGE = 1L << 7, CR4_LA57 = 1L << 12, EFER_NXE = 1L << 11;
    private static final int USER_CS = 0x33, KERNEL_CS = 0x10;

    private ArrayPhysicalMemory memory;
    private CpuState cpu;

    @BeforeEach
    void setUp() {
        memory = new ArrayPhysicalMemory(4 << 20);
        cpu = new CpuState();
        cpu.setCr(0, CR0_WP);
        cpu.setEfer(EFER_NXE);
        atCpl(0);
    }

    private void atCpl(int cpl) {
        cpu.setSegment(1, cpl == 3 ? USER_CS : KERNEL_CS, 0, 0);
    }

    private Mmu mmu(PageTables tables) {
        cpu.setCr(3, tables.root());
        return new Mmu(memory, cpu);
    }

    private static int pageFaultCode(Executable access) {
        CpuException e = assertThrows(CpuException.class, access::run);
        assertEquals(CpuException.PF, e.vector(), e.getMessage());
        return e.errorCode();
    }

    @FunctionalInterface
    private interface Executable {
        void run() throws CpuException;
    }

    @Test
    void fourLevelWalkTranslatesAndSetsAccessedThenDirty() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        long pte = tables.map4k(0x7F12_3456_7000L, 0x5000, P | W | U);
        Mmu mmu = mmu(tables);
        assertEquals(0x5ABC, mmu.translate(0x7F12_3456_7ABCL, AccessType.READ));
        for (int level = 4; level >= 1; level--) {
            assertEquals(A, memory.read(tables.entryOf(level, 0x7F12_3456_7000L), 8) & A, "A at level " + level);
        }
        assertEquals(0, memory.read(pte, 8) & D, "a read leaves D clear");
        mmu.write(0x7F12_3456_7ABCL, 4, 0xCAFEBABEL);
        assertEquals(0xCAFEBABEL, memory.read(0x5ABC, 4));
        assertEquals(D, memory.read(pte, 8) & D, "the first write sets D even though the read filled the TLB");
        assertEquals(0, memory.read(tables.entryOf(2, 0x7F12_3456_7000L), 8) & D, "D exists only in leaves");
    }

    @Test
    void fiveLevelWalkUsesBits48To56() throws CpuException {
        PageTables tables = new PageTables(memory, true, 0x10000);
        long linear = 0x00AB_CDEF_1234_5000L; // canonical with 57 bits, not with 48
        tables.map4k(linear, 0x6000, P | W);
        cpu.setCr(4, CR4_LA57);
        Mmu mmu = mmu(tables);
        assertEquals(0x6123, mmu.translate(linear + 0x123, AccessType.WRITE));
        cpu.setCr(4, 0);
        CpuException nonCanonical = assertThrows(CpuException.class, () -> mmu.translate(linear, AccessType.READ));
        assertEquals(CpuException.GP, nonCanonical.vector());
    }

    @Test
    void largePagesTranslateTheirWholeOffset() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        long pde = tables.map2m(0x4000_0000_0000L, 0x200000, P | W);
        tables.map1g(0xC000_0000L, 0, P);
        Mmu mmu = mmu(tables);
        assertEquals(0x3F_F123, mmu.translate(0x4000_001F_F123L, AccessType.READ));
        assertEquals(0x12_3456, mmu.translate(0xC012_3456L, AccessType.READ));
        mmu.write(0x4000_0010_0000L, 8, -1);
        assertEquals(A | D, memory.read(pde, 8) & (A | D));
    }

    @Test
    void userAccessesNeedUOnEveryLevelAndWOnEveryLevel() {
        PageTables tables = new PageTables(memory, false, 0x10000);
        tables.map4k(0x1000, 0x5000, P | W); // supervisor page
        tables.map4k(0x2000, 0x6000, P | U); // read-only user page
        Mmu mmu = mmu(tables);
        atCpl(3);
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_USER,
                pageFaultCode(() -> mmu.read(0x1000, 8)));
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_USER | CpuException.PF_WRITE,
                pageFaultCode(() -> mmu.write(0x2000, 1, 0)));
        assertEquals(CpuException.PF_USER, pageFaultCode(() -> mmu.read(0x3000, 1)), "not present");
        assertEquals(CpuException.PF_USER | CpuException.PF_WRITE, pageFaultCode(() -> mmu.write(0x3000, 1, 0)));
    }

    @Test
    void supervisorWritesToReadOnlyPagesFaultOnlyWithWriteProtect() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        long pte = tables.map4k(0x2000, 0x6000, P | U);
        Mmu mmu = mmu(tables);
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_WRITE, pageFaultCode(() -> mmu.write(0x2000, 1, 7)));
        assertEquals(0, memory.read(pte, 8) & (A | D), "a denied access sets no bit in the leaf");
        cpu.setCr(0, 0);
        mmu.write(0x2000, 1, 7);
        assertEquals(7, memory.read(0x6000, 1));
        assertEquals(A | D, memory.read(pte, 8) & (A | D));
    }

    @Test
    void noExecuteFaultsFetchesWhenNxeIsOnAndIsReservedWhenOff() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        tables.map4k(0x1000, 0x5000, P | W | NX);
        Mmu mmu = mmu(tables);
        assertEquals(0x5000, mmu.translate(0x1000, AccessType.READ));
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_FETCH,
                pageFaultCode(() -> mmu.translate(0x1000, AccessType.EXECUTE)));
        cpu.setEfer(0);
        mmu.flush();
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_RESERVED,
                pageFaultCode(() -> mmu.translate(0x1000, AccessType.READ)));
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_RESERVED,
                pageFaultCode(() -> mmu.translate(0x1000, AccessType.EXECUTE)), "no I/D bit without NXE");
    }

    @Test
    void reservedBitsFaultWithRsvd() {
        PageTables tables = new PageTables(memory, false, 0x10000);
        tables.map4k(0x1000, 1L << Mmu.PHYSICAL_ADDRESS_BITS, P | W); // beyond MAXPHYADDR
        tables.mapAt(2, 0x40_0000, 0x20_2000, P | W | PS); // 2 MiB page with address bit 13 set
        Mmu mmu = mmu(tables);
        atCpl(3);
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_RESERVED | CpuException.PF_USER
                | CpuException.PF_WRITE, pageFaultCode(() -> mmu.write(0x1000, 1, 0)));
        atCpl(0);
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_RESERVED,
                pageFaultCode(() -> mmu.read(0x40_0000, 1)));
    }

    @Test
    void pageCrossingWriteChecksBothPagesBeforeWriting() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        tables.map4k(0x1000, 0x5000, P | W);
        tables.map4k(0x2000, 0x7000, P); // read-only
        Mmu mmu = mmu(tables);
        mmu.read(0x1000, 1); // the first page's A bit is set before the snapshot
        byte[] before = memory.snapshot();
        CpuException e = assertThrows(CpuException.class, () -> mmu.write(0x1FFC, 8, -1));
        assertEquals(0x2000, e.faultAddress(), "the fault names the first byte on the faulting page");
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_WRITE, e.errorCode());
        before[(int) tables.entryOf(1, 0x1000)] |= (byte) D; // the first page was translated for writing
        assertArrayEquals(before, memory.snapshot(), "no byte written");
        tables.map4k(0x2000, 0x7000, P | W);
        mmu.invalidate(0x2000);
        mmu.write(0x1FFC, 8, 0x1122_3344_5566_7788L);
        assertEquals(0x5566_7788L, memory.read(0x5FFC, 4));
        assertEquals(0x1122_3344L, memory.read(0x7000, 4));
        assertEquals(0x1122_3344_5566_7788L, mmu.read(0x1FFC, 8));
    }

    @Test
    void tlbKeepsStaleTranslationsUntilInvlpgOrCr3Write() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        long pte = tables.map4k(0x1000, 0x5000, P | W);
        Mmu mmu = mmu(tables);
        assertEquals(0x5000, mmu.translate(0x1000, AccessType.READ));
        memory.write(pte, 8, 0x6000 | P | W);
        assertEquals(0x5000, mmu.translate(0x1000, AccessType.READ), "stale until invalidated, as on the CPU");
        mmu.invalidate(0x1FFF);
        assertEquals(0x6000, mmu.translate(0x1000, AccessType.READ));
        memory.write(pte, 8, 0x7000 | P | W);
        mmu.flush();
        assertEquals(0x7000, mmu.translate(0x1000, AccessType.READ));
    }

    @Test
    void cr3WriteKeepsGlobalPagesOnlyWithPge() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        long global = tables.map4k(0x1000, 0x5000, P | W | G);
        long local = tables.map4k(0x2000, 0x6000, P | W);
        cpu.setCr(4, CR4_PGE);
        Mmu mmu = mmu(tables);
        mmu.translate(0x1000, AccessType.READ);
        mmu.translate(0x2000, AccessType.READ);
        memory.write(global, 8, 0x7000 | P | W | G);
        memory.write(local, 8, 0x8000 | P | W);
        mmu.flush();
        assertEquals(0x5000, mmu.translate(0x1000, AccessType.READ), "global survives");
        assertEquals(0x8000, mmu.translate(0x2000, AccessType.READ), "non-global is walked again");
        cpu.setCr(4, 0); // toggling PGE flushes everything
        assertEquals(0x7000, mmu.translate(0x1000, AccessType.READ));
    }

    @Test
    void invlpgOfAnyAddressInALargePageDropsAllOfIt() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        long pde = tables.map2m(0x20_0000, 0x20_0000, P | W);
        Mmu mmu = mmu(tables);
        mmu.translate(0x20_0000, AccessType.READ);
        mmu.translate(0x3F_F000, AccessType.READ);
        memory.write(pde, 8, 0 | P | W | PS);
        mmu.invalidate(0x30_0000);
        assertEquals(0x1F_F000, mmu.translate(0x3F_F000, AccessType.READ));
        assertEquals(0, mmu.translate(0x20_0000, AccessType.READ));
    }

    @Test
    void changingCr3BehindTheMmusBackIsNoticed() throws CpuException {
        PageTables first = new PageTables(memory, false, 0x10000);
        PageTables second = new PageTables(memory, false, 0x20000);
        first.map4k(0x1000, 0x5000, P);
        second.map4k(0x1000, 0x6000, P);
        Mmu mmu = mmu(first);
        assertEquals(0x5000, mmu.translate(0x1000, AccessType.READ));
        cpu.setCr(3, second.root());
        assertEquals(0x6000, mmu.translate(0x1000, AccessType.READ));
    }

    @Test
    void supervisorViewAndFixedRootIgnoreCpl() throws CpuException {
        PageTables tables = new PageTables(memory, false, 0x10000);
        tables.map4k(0x1000, 0x5000, P | W);
        Mmu mmu = mmu(tables);
        atCpl(3);
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_USER, pageFaultCode(() -> mmu.read(0x1000, 1)));
        assertEquals(0x5000, mmu.supervisorView().translate(0x1000, AccessType.WRITE));
        Mmu fixed = Mmu.fixedRoot(memory, tables.root(), false);
        cpu.setCr(3, 0);
        assertEquals(0x5010, fixed.translate(0x1010, AccessType.READ));
    }
}
