package org.hybridbridge.fast;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.fast.codepage.CodePage;
import org.hybridbridge.fast.codepage.CodePageBuilder;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;

/**
 * The two views of a redirected run (DESIGN.md 3.4) and which one the vCPU is in. A view is a
 * page-table root of the VMM's and a GS base; switching is loading both.
 * <ul>
 * <li><b>SVM</b>: the kernel's own tables and per-CPU area; outside introspected system calls,
 * and while an exception taken inside one is handled.</li>
 * <li><b>NR</b>: the SVM's tables with every kernel text page mapped to its NR copy.</li>
 * <li><b>R</b>: the user half the SVM's, the kernel half the GVM's own tables relocated to its
 * slot, but the SVM's current kernel stack, and text mapped to the R copies; GS is the
 * introspected GVM CPU's per-CPU area.</li>
 * </ul>
 * Each text page has its two copies in the VMM's pages from the start, full of {@code int3}
 * until the first fetch from them traps and the {@link CodePageBuilder} builds them (an exit
 * costs less than building a page nobody runs); so the tables never change after the first run
 * of a view (KVM would not see the change).
 */
final class RedirectViews {

    /** Which view the vCPU runs in. */
    enum View {
        SVM, NR, R
    }

    private static final int PAGE = CodePage.SIZE, KERNEL_HALF = 256, ENTRIES = 512, PDPT = 2;
    private static final byte INT3 = (byte) 0xCC;

    private final ViewTables tables;
    private CodePageBuilder builder;
    private final CodePageCache pages;
    private final long textStart;
    private final long textEnd;
    private final long gvmRoot;
    private final long gvmPerCpuBase;
    private final long kernelStackSize;
    /** Per text page (by index from {@link #textStart}): its NR copy, R copy, whether built. */
    private final long[] nrCopies;
    private final long[] rCopies;
    private final boolean[] built;
    private final Map<Long, CodeClass> classes = new HashMap<>();
    private long svmRoot = -1;
    private long nrRoot;
    private long rRoot;
    private View view = View.SVM;
    private int pagesBuilt;

    /**
     * @param gvmRoot         the GVM's CR3 (its own guest-physical address)
     * @param gvmPerCpuBase   the introspected GVM CPU's per-CPU area
     * @param kernelStackSize THREAD_SIZE: the kernel stack the R view keeps the SVM's
     */
    RedirectViews(ViewTables tables, CodePageBuilder builder, CodePageCache pages, long textStart, long textEnd,
            long gvmRoot, long gvmPerCpuBase, long kernelStackSize) {
        this.tables = tables;
        this.builder = builder;
        this.pages = pages;
        this.textStart = textStart & -PAGE;
        this.textEnd = textEnd;
        this.gvmRoot = (gvmRoot & ViewTables.ADDRESS) + GuestPhysicalLayout.GVM_BASE;
        this.gvmPerCpuBase = gvmPerCpuBase;
        this.kernelStackSize = kernelStackSize;
        int textPages = (int) ((textEnd - this.textStart + PAGE - 1) / PAGE);
        nrCopies = new long[textPages];
        rCopies = new long[textPages];
        built = new boolean[textPages];
    }

    /**
     * Makes the views for the process whose root is {@code svmRoot} and whose kernel stack
     * {@code stackPointer} is in, the first time; a later call must be of the same process.
     */
    void prepare(long svmRoot, long stackPointer) {
        long root = svmRoot & ViewTables.ADDRESS;
        if (this.svmRoot == root) {
            return;
        }
        if (this.svmRoot != -1) {
            throw new FastBridgeException(String.format("the utility changed address space (CR3 %#x, then %#x) "
                    + "after its first introspected system call: the views are of the first", this.svmRoot, root));
        }
        this.svmRoot = root;
        nrRoot = tables.copyTable(root);
        rRoot = tables.copyTable(root);
        Map<Long, Long> copied = new HashMap<>();
        for (int i = KERNEL_HALF; i < ENTRIES; i++) {
            long entry = tables.entry(gvmRoot, i);
            long table = (entry & ViewTables.ADDRESS) + GuestPhysicalLayout.GVM_BASE;
            tables.setEntry(rRoot, i, (entry & ViewTables.PRESENT) == 0 ? 0
                    : entry & ~ViewTables.ADDRESS | tables.copyRelocated(table, PDPT, GuestPhysicalLayout.GVM_BASE,
                            copied) | ViewTables.USER);
        }
        long stack = stackPointer & -kernelStackSize;
        for (long page = stack; page < stack + kernelStackSize; page += PAGE) {
            tables.map(rRoot, page, tables.translate(root, page));
        }
        byte[] traps = new byte[PAGE];
        Arrays.fill(traps, INT3);
        for (int i = 0; i < built.length; i++) {
            nrCopies[i] = tables.allocate();
            rCopies[i] = tables.allocate();
            tables.write(nrCopies[i], traps);
            tables.write(rCopies[i], traps);
            tables.map(nrRoot, textStart + (long) i * PAGE, nrCopies[i]);
            tables.map(rRoot, textStart + (long) i * PAGE, rCopies[i]);
        }
    }

    View current() {
        return view;
    }

    void enter(View next) {
        view = next;
    }

    /** @return the root the vCPU runs on in the current view; the kernel's own in the SVM view */
    long hardwareRoot(long kernelRoot) {
        return switch (view) {
            case SVM -> kernelRoot;
            case NR -> nrRoot;
            case R -> rRoot;
        };
    }

    /** @return the GS base the vCPU runs with in the current view */
    long hardwareGsBase(long kernelGsBase) {
        return view == View.R ? gvmPerCpuBase : kernelGsBase;
    }

    /** @return whether {@code address} is kernel text, which the views map to copies */
    boolean isText(long address) {
        return address - textStart >= 0 && address - textEnd < 0;
    }

    /** @return whether the copies of the page holding {@code address} are built (not {@code int3} filler) */
    boolean isBuilt(long address) {
        return built[index(address)];
    }

    /**
     * Builds the copies of the text page at {@code page}, or builds them again after the
     * meta-data or the text changed. An instruction at its end that runs on into the next page
     * needs its bytes there too: while that page is not built, they are written into its
     * {@code int3} filler (a fetch from anywhere else on it still traps and builds it).
     */
    void build(long page) {
        long at = page & -PAGE;
        BuiltPage copies;
        try {
            copies = pages.get(at, builder);
        } catch (IllegalArgumentException e) {
            throw new FastBridgeException(e.getMessage(), e);
        }
        int i = index(at);
        tables.write(nrCopies[i], copies.nr());
        tables.write(rCopies[i], copies.r());
        for (int line = 0; line < copies.starts().length; line++) {
            classes.put(copies.starts()[line], copies.classes()[line]);
        }
        if (!built[i]) {
            built[i] = true;
            pagesBuilt++;
        }
        long next = at + PAGE;
        if (copies.tail().length > 0 && isText(next) && !built[i + 1]) {
            tables.write(nrCopies[i + 1], copies.tail());
            tables.write(rCopies[i + 1], copies.tail());
        }
    }

    /** Keeps the pages built in this run for the next ({@link CodePageCache}). */
    void saveBuiltPages() {
        pages.save();
    }

    /**
     * The meta-data grew (a fallback): each page built so far whose instructions' classes changed
     * is built again from {@code grown} (building is decoding the page: most of a short run's time).
     */
    void learned(KernelMetadata grown) {
        builder = builder.with(grown);
        for (int i = 0; i < built.length; i++) {
            long page = textStart + (long) i * PAGE;
            if (built[i] && classesChanged(page, grown)) {
                build(page);
            }
        }
    }

    private boolean classesChanged(long page, KernelMetadata grown) {
        for (InstructionRecord record : grown.between(page, page + PAGE)) {
            if (classAt(record.address()) != CodeClass.of(record.accessClass())) {
                return true;
            }
        }
        return false;
    }

    /** @return the meta-data's class of the instruction at {@code address} on a built page */
    CodeClass classAt(long address) {
        return classes.getOrDefault(address, CodeClass.NO_ACCESS);
    }

    /** @return the text pages whose copies were made in this run */
    int pagesBuilt() {
        return pagesBuilt;
    }

    /** @return how many page builds the code-page cache answered */
    int pagesFromCache() {
        return pages.hits();
    }

    private int index(long address) {
        return (int) ((address - textStart) / PAGE);
    }
}
