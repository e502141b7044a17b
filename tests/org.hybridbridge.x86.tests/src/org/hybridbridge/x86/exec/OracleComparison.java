package org.hybridbridge.x86.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hybridbridge.kvm.NativeCodeRunner;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.oracle.UndefinedFlags;

/**
 * Runs each {@link Snippet} on the CPU ({@link NativeCodeRunner}) and in the engine (a
 * {@link Machine} laid out like the oracle's guest: the low 2 MiB identity-mapped for CPL3, the
 * same GDT, no IDT, so an exception escalates to a triple fault just as the guest shuts down),
 * and compares the end states bit for bit: whether the snippet completed, RIP, the 16 GPRs, the
 * status flags (those the SDM leaves undefined too) and DF, CR2 and the data area. Segment
 * registers are not compared: under PVM the snippet runs with the host's user selectors (SS
 * reads 0x2b, the others 0), not the guest's. Counts cases and mismatches per form.
 * <p>
 * The engine follows Intel's processors where the SDM leaves a result undefined or where AMD's
 * differ. On another vendor's processor those parts are not compared: the flags the SDM calls
 * undefined (the union over the snippet's instructions is masked), and whole forms whose
 * results differ by vendor ({@link #isVendorDependent}), which are counted as skipped.
 */
final class OracleComparison {

    private static final long COMPARED_FLAGS = CpuState.STATUS_FLAGS | CpuState.DF;
    private static final int BUDGET = 100_000;
    private static final int REPORTED = 60;
    private static final int REPORTED_PER_FORM = 2;
    /** ES, SS, DS, FS, GS by number. */
    private static final int[] DATA_SEGMENTS = { 0, 2, 3, 4, 5 };

    private static final long CR0_PE = 1, CR0_WP = 1L << 16, CR0_PG = 1L << 31, CR4_PAE = 1L << 5,
            EFER_LME = 1L << 8, EFER_LMA = 1L << 10;
    /** The engine's page tables live above the mapped memory, out of the snippets' reach. */
    private static final long TABLES = 0x30_0000;

    private final NativeCodeRunner cpu;
    private final boolean undefinedFlagsAsIntel = isIntel();
    private final ArrayPhysicalMemory memory = new ArrayPhysicalMemory(4 << 20);
    private final CpuState state = new CpuState();
    private final Machine machine;
    private CpuException firstException;
    private final Map<String, int[]> forms = new TreeMap<>();
    private final List<String> details = new ArrayList<>();
    private int cases;
    private int vendorDependentSkipped;
    private int mismatches;

    /** @param model what the engine's CPUID reports: the oracle's processor's features */
    OracleComparison(NativeCodeRunner cpu, CpuModel model) {
        this.cpu = cpu;
        PageTables tables = new PageTables(memory, false, TABLES);
        tables.map2m(0, 0, PageTables.P | PageTables.W | PageTables.U);
        byte[] gdt = cpu.read(NativeCodeRunner.GDT, NativeCodeRunner.GDT_SIZE);
        memory.write(NativeCodeRunner.GDT, gdt, 0, gdt.length);
        state.setCr(0, CR0_PE | CR0_WP | CR0_PG);
        state.setCr(3, tables.root());
        state.setCr(4, CR4_PAE);
        state.setEfer(EFER_LME | EFER_LMA);
        state.setGdtr(NativeCodeRunner.GDT, NativeCodeRunner.GDT_SIZE - 1);
        machine = new Machine(state, memory, model);
        machine.setObserver(new ExecutionObserver() {
            @Override
            public void exceptionRaised(Instruction instruction, CpuException exception, Machine m) {
                if (firstException == null) {
                    firstException = exception;
                }
            }
        });
    }

    void check(Snippet snippet) {
        if (!undefinedFlagsAsIntel && isVendorDependent(snippet.form)) {
            vendorDependentSkipped++;
            return;
        }
        cases++;
        int[] counts = forms.computeIfAbsent(snippet.form, f -> new int[2]);
        counts[0]++;
        NativeCodeRunner.Outcome expected = cpu.run(snippet.code, regs(snippet), snippet.data);
        String difference;
        try {
            difference = compare(snippet, expected);
        } catch (RuntimeException e) {
            difference = "engine failed: " + e;
        }
        if (difference != null) {
            counts[1]++;
            mismatches++;
            if (details.size() < REPORTED && counts[1] <= REPORTED_PER_FORM) {
                details.add(snippet.form + " [" + snippet.hex() + "] initial " + describe(snippet.gprs, snippet.rflags)
                        + "\n    " + difference);
            }
        }
    }

    private String compare(Snippet snippet, NativeCodeRunner.Outcome expected) {
        boolean completed = runInEngine(snippet);
        List<String> differences = new ArrayList<>();
        Regs regs = expected.regs();
        if (completed != expected.completed()) {
            differences.add("completed: cpu " + expected.completed() + ", engine " + completed
                    + (firstException != null ? " (" + firstException.getMessage() + ")" : ""));
        }
        if (state.cr(2) != expected.sregs().cr2()) {
            differences.add(String.format("cr2: cpu %#x, engine %#x", expected.sregs().cr2(), state.cr(2)));
        }
        if (state.rip() != regs.rip()) {
            differences.add(String.format("rip: cpu %#x, engine %#x", regs.rip(), state.rip()));
        }
        long[] gprs = gprs(regs);
        for (int i = 0; i < 16; i++) {
            if (gprs[i] != state.gpr(i)) {
                differences.add(String.format("r%d: cpu %#x, engine %#x", i, gprs[i], state.gpr(i)));
            }
        }
        long compared = COMPARED_FLAGS & ~(undefinedFlagsAsIntel ? 0 : undefinedFlags(snippet));
        if ((regs.rflags() & compared) != (state.rflags() & compared)) {
            differences.add(String.format("rflags: cpu %#x, engine %#x", regs.rflags() & compared,
                    state.rflags() & compared));
        }
        byte[] data = new byte[NativeCodeRunner.DATA_SIZE];
        memory.read(Snippet.DATA, data, 0, data.length);
        int differing = Arrays.mismatch(data, expected.data());
        if (differing >= 0) {
            differences.add(String.format("data at +%#x: cpu %#x, engine %#x", differing, expected.data()[differing],
                    data[differing]));
        }
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    /**
     * Measured on AMD EPYC: string instructions with a 32-bit address size keep the upper halves
     * of RCX, RSI and RDI (Intel zero-extends), a REPNE CMPS or SCAS that faults mid-string leaves other
     * flags, and a 16-bit SHLD/SHRD by more than 16 (an undefined result) shifts differently.
     */
    private static boolean isVendorDependent(String form) {
        return form.endsWith(" a32") || form.contains(" a32 ") || form.matches("(CMPS|SCAS) \\d+ repne faulting")
                || form.matches("SH[LR]D .* 16( .*)?");
    }

    /** @return the flags the SDM leaves undefined after any of the snippet's instructions */
    private static long undefinedFlags(Snippet snippet) {
        long undefined = 0;
        for (int offset = 0; offset < snippet.code.length;) {
            try {
                Instruction instruction = Decoder.decode(snippet.code, offset, Snippet.CODE + offset);
                undefined |= UndefinedFlags.of(instruction, snippet.gprs[1]);
                offset += instruction.length();
            } catch (DecodeException e) {
                break; // the CPU's #UD is compared as it is
            }
        }
        return undefined;
    }

    private static boolean isIntel() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains("GenuineIntel");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the snippet and runs it to its end or to the triple fault its first exception turns
     * into without an IDT (RIP is then back at the faulting instruction, as on the CPU).
     *
     * @return whether it ran to its end
     */
    private boolean runInEngine(Snippet snippet) {
        memory.write(Snippet.CODE, snippet.code, 0, snippet.code.length);
        byte[] data = Arrays.copyOf(snippet.data, NativeCodeRunner.DATA_SIZE);
        memory.write(Snippet.DATA, data, 0, data.length);
        for (int i = 0; i < 16; i++) {
            state.setGpr(i, snippet.gprs[i]);
        }
        state.setRip(Snippet.CODE);
        state.setRflags(snippet.rflags);
        state.setCr(2, 0);
        for (int segment : DATA_SEGMENTS) {
            state.setSegment(segment, NativeCodeRunner.USER_DATA_SELECTOR, 0, SystemCallSemantics.USER_DATA);
        }
        state.setSegment(1, NativeCodeRunner.USER_CODE_SELECTOR, 0, SystemCallSemantics.USER_CODE);
        firstException = null;
        long end = Snippet.CODE + snippet.code.length;
        for (int steps = 0; state.rip() != end; steps++) {
            if (steps == BUDGET) {
                throw new IllegalStateException("no end after " + BUDGET + " instructions");
            }
            try {
                machine.step();
            } catch (EngineError e) {
                if (firstException == null) {
                    throw e;
                }
                return false;
            }
        }
        return true;
    }

    /** @return the registers in encoding order (RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8..R15) */
    private static long[] gprs(Regs r) {
        return new long[] { r.rax(), r.rcx(), r.rdx(), r.rbx(), r.rsp(), r.rbp(), r.rsi(), r.rdi(), r.r8(), r.r9(),
                r.r10(), r.r11(), r.r12(), r.r13(), r.r14(), r.r15() };
    }

    private static Regs regs(Snippet snippet) {
        long[] g = snippet.gprs;
        return new Regs(g[0], g[3], g[1], g[2], g[6], g[7], g[4], g[5], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
                g[15], Snippet.CODE, snippet.rflags);
    }

    private static String describe(long[] gprs, long rflags) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < gprs.length; i++) {
            text.append(String.format("r%d=%#x ", i, gprs[i]));
        }
        return text.append(String.format("rflags=%#x", rflags)).toString();
    }

    int cases() {
        return cases;
    }

    int mismatchCount() {
        return mismatches;
    }

    /** @return forms, cases and mismatches, then the forms that mismatched */
    String summary() {
        StringBuilder text = new StringBuilder(String.format(
                "CPU oracle: %d forms, %d cases, %d mismatches, %d vendor-dependent cases skipped (%s host)%n",
                forms.size(), cases, mismatches, vendorDependentSkipped, undefinedFlagsAsIntel ? "Intel" : "non-Intel"));
        forms.forEach((form, counts) -> {
            if (counts[1] > 0) {
                text.append(String.format("  %-40s %6d cases %6d mismatches%n", form, counts[0], counts[1]));
            }
        });
        return text.toString();
    }

    /** @return the first mismatches of each form in full */
    String report() {
        return String.join("\n", details);
    }
}
