package org.hybridbridge.x86.exec;

/**
 * Linear memory through an x86-64 page-table hierarchy, as the MMU walks it: 4-level or
 * 5-level (CR4.LA57) paging with 4 KiB, 2 MiB and 1 GiB pages; the U/S, R/W (with CR0.WP)
 * and XD (with EFER.NXE) checks; reserved-bit checks; the accessed and dirty bits written
 * back into the entries; #PF with the architectural error code. Translations are cached in a
 * TLB that is flushed as the CPU flushes its own: all but global pages (CR4.PGE) when CR3 is
 * written, everything when CR4's paging bits change, one page on {@code invlpg}.
 *
 * <p>The CPU model has no SMEP, SMAP or protection keys, so the supervisor may read, write
 * and execute user pages. An access of a size up to 8 bytes, or a byte array, may cross a page
 * boundary: every page is translated and checked before any byte is read or written.
 */
public final class Mmu implements LinearMemory {

    /** MAXPHYADDR of the CPU model (QEMU's TCG default {@code phys-bits=40}). */
    public static final int PHYSICAL_ADDRESS_BITS = 40;

    static final long PRESENT = 1, WRITABLE = 1 << 1, USER = 1 << 2, ACCESSED = 1 << 5, DIRTY = 1 << 6,
            LARGE = 1 << 7, GLOBAL = 1 << 8, NO_EXECUTE = 1L << 63;
    private static final long ADDRESS_MASK = ((1L << PHYSICAL_ADDRESS_BITS) - 1) & ~0xFFFL;
    /** Bits 51..MAXPHYADDR of every entry must be zero. */
    private static final long RESERVED_HIGH = ((1L << 52) - 1) & ~((1L << PHYSICAL_ADDRESS_BITS) - 1);
    private static final long CR0_WP = 1L << 16, CR4_PGE = 1L << 7, CR4_LA57 = 1L << 12, EFER_NXE = 1L << 11;
    private static final int PAGE_SIZE = 4096;

    private final PhysicalMemory memory;
    /** The CPU whose CR3, CR4, CR0.WP, EFER.NXE and CPL apply, or {@code null} for a fixed root. */
    private final CpuState cpu;
    private final long fixedRoot;
    private final boolean fixedFiveLevel;
    /** Whether every access is a supervisor access (the processor's own, or a fixed kernel view). */
    private final boolean supervisor;
    private final Tlb tlb;
    private final TlbTracking tracking;

    /** The CR3 and CR4 the TLB's contents were filled under; shared by the views of one MMU. */
    private static final class TlbTracking {
        long root = -1;
        long cr4 = -1;
    }

    /** An MMU that walks {@code cpu}'s page tables at {@code cpu}'s privilege level. */
    public Mmu(PhysicalMemory memory, CpuState cpu) {
        this(memory, cpu, 0, false, false, new Tlb(), new TlbTracking());
    }

    private Mmu(PhysicalMemory memory, CpuState cpu, long fixedRoot, boolean fixedFiveLevel, boolean supervisor,
            Tlb tlb, TlbTracking tracking) {
        this.memory = memory;
        this.cpu = cpu;
        this.fixedRoot = fixedRoot;
        this.fixedFiveLevel = fixedFiveLevel;
        this.supervisor = supervisor;
        this.tlb = tlb;
        this.tracking = tracking;
    }

    /**
     * A supervisor view through a fixed page-table root (the GVM's kernel page tables), with
     * CR0.WP and EFER.NXE on as Linux runs.
     *
     * @param cr3       the root: the physical address of the PML4 (or PML5) in bits 12 and up
     * @param fiveLevel whether the root is a PML5
     */
    public static Mmu fixedRoot(PhysicalMemory memory, long cr3, boolean fiveLevel) {
        return new Mmu(memory, null, cr3, fiveLevel, true, new Tlb(), new TlbTracking());
    }

    /**
     * @return a view of this MMU (same page tables, same TLB) whose accesses are supervisor
     *         accesses whatever the CPL: what the processor uses to read the IDT and the TSS and
     *         to push an interrupt frame
     */
    public Mmu supervisorView() {
        return new Mmu(memory, cpu, fixedRoot, fixedFiveLevel, true, tlb, tracking);
    }

    /** @return the physical memory behind the page tables */
    public PhysicalMemory physicalMemory() {
        return memory;
    }

    /** Drops the translations a write to CR3 drops: all but the global pages. */
    public void flush() {
        tlb.flushNonGlobal();
    }

    /**
     * Drops every translation, global ones too: for when another executor of the same guest (KVM
     * running it natively) may have changed any page table since this MMU last walked them.
     */
    public void flushAll() {
        tlb.flushAll();
    }

    /** Drops the translation of the page containing {@code linear} ({@code invlpg}). */
    public void invalidate(long linear) {
        tlb.invalidate(linear);
    }

    /**
     * Translates one linear address, walking the page tables on a TLB miss and setting the
     * accessed (and, for a write, dirty) bits.
     *
     * @return the physical address
     * @throws CpuException #PF with its error code and the address, or #GP(0) for a
     *                      non-canonical address
     */
    public long translate(long linear, AccessType type) throws CpuException {
        boolean fiveLevel = fiveLevel();
        int bits = fiveLevel ? 57 : 48;
        if (Execution.signExtend(linear, bits) != linear) {
            throw CpuException.generalProtection(0, String.format("non-canonical address %#x", linear));
        }
        synchronizeTlb();
        boolean user = userAccess();
        Tlb.Entry entry = tlb.lookup(linear);
        if (entry == null || !permits(entry, type, user) || type == AccessType.WRITE && !entry.dirty()) {
            entry = walk(linear, type, user, fiveLevel);
            tlb.put(entry);
        }
        return entry.physicalPage() | (linear & 0xFFF);
    }

    /**
     * {@link #translate} of an instruction fetch at {@code linear}: without a TLB lookup and its
     * checks when it lies on the page the last fetch translated (straight-line code, jumps within
     * a page) and the TLB was not flushed since.
     */
    long translateFetch(long linear) throws CpuException {
        synchronizeTlb();
        boolean user = userAccess();
        long physical = tlb.fetchTranslation(linear, user);
        if (physical < 0) {
            physical = translate(linear, AccessType.EXECUTE);
            tlb.rememberFetch(linear, physical, user);
        }
        return physical;
    }

    @Override
    public long read(long address, int size) throws CpuException {
        if (withinPage(address, size)) {
            return memory.read(translate(address, AccessType.READ), size);
        }
        byte[] bytes = new byte[size];
        read(address, bytes);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) throws CpuException {
        if (withinPage(address, size)) {
            memory.write(translate(address, AccessType.WRITE), size, value);
            return;
        }
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        write(address, bytes);
    }

    @Override
    public void read(long address, byte[] target, int length) throws CpuException {
        read(address, target, length, AccessType.READ);
    }

    /**
     * Reads {@code target.length} bytes checked as {@code type} (EXECUTE for instruction fetch).
     */
    public void read(long address, byte[] target, AccessType type) throws CpuException {
        read(address, target, target.length, type);
    }

    private void read(long address, byte[] target, int length, AccessType type) throws CpuException {
        translateRange(address, length, type);
        for (int done = 0; done < length;) {
            int chunk = chunk(address + done, length - done);
            memory.read(translate(address + done, type), target, done, chunk);
            done += chunk;
        }
    }

    @Override
    public void write(long address, byte[] source, int length) throws CpuException {
        translateRange(address, length, AccessType.WRITE);
        for (int done = 0; done < length;) {
            int chunk = chunk(address + done, length - done);
            memory.write(translate(address + done, AccessType.WRITE), source, done, chunk);
            done += chunk;
        }
    }

    /**
     * Translates every page {@code [address, address + length)} touches before any access, so an
     * access that faults on a later page changes nothing; the access then translates each page
     * again, from the TLB (no array of translations per access).
     */
    private void translateRange(long address, int length, AccessType type) throws CpuException {
        int pages = length == 0 ? 0 : (int) ((((address & 0xFFF) + length - 1) >>> 12) + 1);
        long linear = address;
        for (int i = 0; i < pages; i++) {
            translate(linear, type);
            linear = (linear | 0xFFF) + 1;
        }
    }

    private static int chunk(long address, int remaining) {
        return (int) Math.min(remaining, PAGE_SIZE - (address & 0xFFF));
    }

    private static boolean withinPage(long address, int size) {
        return (address & 0xFFF) + size <= PAGE_SIZE;
    }

    private boolean permits(Tlb.Entry entry, AccessType type, boolean user) {
        if (user && !entry.user()) {
            return false;
        }
        return switch (type) {
            case READ -> true;
            case WRITE -> entry.writable() || !user && !writeProtect();
            case EXECUTE -> entry.executable();
        };
    }

    private Tlb.Entry walk(long linear, AccessType type, boolean user, boolean fiveLevel) throws CpuException {
        boolean noExecute = noExecuteEnabled();
        boolean userAllowed = true, writeAllowed = true, executeAllowed = true;
        long table = root() & ADDRESS_MASK;
        for (int level = fiveLevel ? 5 : 4;; level--) {
            int shift = 12 + 9 * (level - 1);
            long entryAddress = table + ((linear >>> shift) & 0x1FF) * 8;
            long entry = memory.read(entryAddress, 8);
            if ((entry & PRESENT) == 0) {
                throw pageFault(linear, type, user, 0);
            }
            boolean leaf = level == 1 || level <= 3 && (entry & LARGE) != 0;
            if ((entry & reservedBits(level, leaf, noExecute)) != 0) {
                throw pageFault(linear, type, user, CpuException.PF_PRESENT | CpuException.PF_RESERVED);
            }
            userAllowed &= (entry & USER) != 0;
            writeAllowed &= (entry & WRITABLE) != 0;
            executeAllowed &= !noExecute || (entry & NO_EXECUTE) == 0;
            if (!leaf) {
                setFlags(entryAddress, entry, ACCESSED);
                table = entry & ADDRESS_MASK;
                continue;
            }
            long pageMask = (1L << shift) - 1;
            Tlb.Entry translation = new Tlb.Entry(linear & ~0xFFFL,
                    (entry & ADDRESS_MASK & ~pageMask) | (linear & pageMask & ~0xFFFL), pageMask, userAllowed,
                    writeAllowed, executeAllowed, type == AccessType.WRITE || (entry & DIRTY) != 0,
                    (entry & GLOBAL) != 0 && globalPagesEnabled());
            if (!permits(translation, type, user)) {
                throw pageFault(linear, type, user, CpuException.PF_PRESENT);
            }
            // like QEMU: the leaf's A (and D) bits are set only for an access that is allowed
            setFlags(entryAddress, entry, type == AccessType.WRITE ? ACCESSED | DIRTY : ACCESSED);
            return translation;
        }
    }

    private static long reservedBits(int level, boolean leaf, boolean noExecute) {
        long reserved = RESERVED_HIGH | (noExecute ? 0 : NO_EXECUTE);
        if (level >= 4) {
            reserved |= LARGE;
        } else if (leaf && level == 3) {
            reserved |= 0x3FFF_E000L; // bits 29:13 of a 1 GiB page's address
        } else if (leaf && level == 2) {
            reserved |= 0x1F_E000L; // bits 20:13 of a 2 MiB page's address
        }
        return reserved;
    }

    private void setFlags(long entryAddress, long entry, long flags) {
        if ((entry & flags) != flags) {
            memory.write(entryAddress, 8, entry | flags);
        }
    }

    private CpuException pageFault(long linear, AccessType type, boolean user, int reason) {
        int code = reason;
        if (type == AccessType.WRITE) {
            code |= CpuException.PF_WRITE;
        }
        if (user) {
            code |= CpuException.PF_USER;
        }
        if (type == AccessType.EXECUTE && noExecuteEnabled()) {
            // as QEMU: I/D is reported for fetches only when NXE is on (there is no SMEP)
            code |= CpuException.PF_FETCH;
        }
        return CpuException.pageFault(linear, code);
    }

    /** Flushes the TLB when CR3 or CR4's paging bits were changed behind its back. */
    private void synchronizeTlb() {
        long root = root();
        long cr4 = cpu == null ? 0 : cpu.cr(4) & (CR4_PGE | CR4_LA57);
        if (cr4 != tracking.cr4) {
            tlb.flushAll();
        } else if (root != tracking.root) {
            tlb.flushNonGlobal();
        }
        tracking.root = root;
        tracking.cr4 = cr4;
    }

    private long root() {
        return cpu == null ? fixedRoot : cpu.cr(3);
    }

    private boolean fiveLevel() {
        return cpu == null ? fixedFiveLevel : (cpu.cr(4) & CR4_LA57) != 0;
    }

    private boolean userAccess() {
        return !supervisor && cpu.cpl() == 3;
    }

    private boolean writeProtect() {
        return cpu == null || (cpu.cr(0) & CR0_WP) != 0;
    }

    private boolean noExecuteEnabled() {
        return cpu == null || (cpu.efer() & EFER_NXE) != 0;
    }

    private boolean globalPagesEnabled() {
        return cpu != null && (cpu.cr(4) & CR4_PGE) != 0;
    }
}
