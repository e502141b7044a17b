package org.hybridbridge.x86.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hybridbridge.kvm.NativeCodeRunner;
import org.hybridbridge.kvm.Regs;

/**
 * Runs each {@link Snippet} on the CPU ({@link NativeCodeRunner}) and in the engine's semantics
 * ({@link SemanticsLoop} over a {@link FlatMemory} laid out like the oracle's guest), and
 * compares the end states bit for bit: whether the snippet completed, RIP, the 16 GPRs, the
 * status flags and DF (but the snippet's undefined ones), and the data area. Segment
 * registers are not compared: under PVM the snippet runs with the host's user selectors (SS
 * reads 0x2b, the others 0), not the guest's. Counts cases and mismatches per form.
 */
final class OracleComparison {

    private static final long COMPARED_FLAGS = CpuState.STATUS_FLAGS | CpuState.DF;
    private static final int BUDGET = 100_000;
    private static final int REPORTED = 60;
    private static final int REPORTED_PER_FORM = 2;
    /** ES, SS, DS, FS, GS by number. */
    private static final int[] DATA_SEGMENTS = { 0, 2, 3, 4, 5 };

    private final NativeCodeRunner cpu;
    private final FlatMemory memory = new FlatMemory((int) NativeCodeRunner.MAPPED_BYTES);
    private final InstructionSet instructions = new InstructionSet();
    private final Map<String, int[]> forms = new TreeMap<>();
    private final List<String> details = new ArrayList<>();
    private int cases;
    private int mismatches;

    OracleComparison(NativeCodeRunner cpu) {
        this.cpu = cpu;
        IntegerSemantics.register(instructions);
        ControlFlowSemantics.register(instructions);
        StringSemantics.register(instructions);
        System.arraycopy(cpu.read(NativeCodeRunner.GDT, NativeCodeRunner.GDT_SIZE), 0, memory.bytes(),
                (int) NativeCodeRunner.GDT, NativeCodeRunner.GDT_SIZE);
    }

    void check(Snippet snippet) {
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
        CpuState state = initialState(snippet);
        SemanticsLoop.Outcome actual = new SemanticsLoop(state, memory, instructions).run(Snippet.CODE + snippet.code.length,
                BUDGET);
        List<String> differences = new ArrayList<>();
        Regs regs = expected.regs();
        if (actual.completed() != expected.completed()) {
            differences.add("completed: cpu " + expected.completed() + ", engine " + actual.completed()
                    + (actual.exception() != null ? " (" + actual.exception().getMessage() + ")" : ""));
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
        long mask = COMPARED_FLAGS & ~snippet.undefinedFlags;
        if ((regs.rflags() & mask) != (state.rflags() & mask)) {
            differences.add(String.format("rflags: cpu %#x, engine %#x (compared %#x)", regs.rflags() & mask,
                    state.rflags() & mask, mask));
        }
        byte[] data = Arrays.copyOfRange(memory.bytes(), (int) Snippet.DATA, (int) Snippet.DATA + snippet.data.length);
        int differing = Arrays.mismatch(data, expected.data());
        if (differing >= 0) {
            differences.add(String.format("data at +%#x: cpu %#x, engine %#x", differing, expected.data()[differing],
                    data[differing]));
        }
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    private CpuState initialState(Snippet snippet) {
        System.arraycopy(snippet.code, 0, memory.bytes(), (int) Snippet.CODE, snippet.code.length);
        System.arraycopy(snippet.data, 0, memory.bytes(), (int) Snippet.DATA, snippet.data.length);
        CpuState state = new CpuState();
        for (int i = 0; i < 16; i++) {
            state.setGpr(i, snippet.gprs[i]);
        }
        state.setRip(Snippet.CODE);
        state.setRflags(snippet.rflags);
        for (int segment : DATA_SEGMENTS) {
            state.setSegment(segment, NativeCodeRunner.USER_DATA_SELECTOR, 0, 0);
        }
        state.setSegment(1, NativeCodeRunner.USER_CODE_SELECTOR, 0, 0);
        state.setGdtr(NativeCodeRunner.GDT, NativeCodeRunner.GDT_SIZE - 1);
        return state;
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
        StringBuilder text = new StringBuilder(String.format("CPU oracle: %d forms, %d cases, %d mismatches%n",
                forms.size(), cases, mismatches));
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
