package org.hybridbridge.x86.exec;

import java.util.Map;

/**
 * The processor the guests boot on: QEMU 7.2's TCG with
 * {@code -cpu qemu64,-svm,-smap,-smep,-umip,-pku,-pcid,-invpcid,-fsgsbase,-avx,-avx2} and one
 * vCPU. The CPUID answers are what that QEMU returns, read from it by the test
 * {@code QemuCpuModelTest} (a multiboot probe that runs {@code cpuid} for these leaves and
 * prints the registers); their meaning comes from QEMU's {@code target/i386/cpu.c}:
 * <ul>
 * <li>0: maximum leaf 0xD ({@code .level} of qemu64), vendor "AuthenticAMD".</li>
 * <li>1: family 15, model 107, stepping 1 (EAX 0x60FB1); CLFLUSH line 64 bytes, APIC ID 0;
 * ECX SSE3, CX16 and the hypervisor bit QEMU always sets; EDX the PPRO features plus MTRR,
 * CLFLUSH, MCA, PSE36 (no SSSE3, SSE4, XSAVE, RDRAND, x2APIC).</li>
 * <li>5: QEMU answers ECX 3 (MONITOR extensions) even though qemu64 lacks MONITOR.</li>
 * <li>0xB: the topology of one thread on one core.</li>
 * <li>0xD: all zero, qemu64 has no XSAVE. 2, 3, 4, 6..0xA, 0xC, 7: zero (no features).</li>
 * <li>0x40000000: QEMU's TCG hypervisor leaf, "TCGTCGTCGTCG", maximum 0x40000001.</li>
 * <li>0x80000000: maximum 0x8000000A ({@code .xlevel}), vendor again.</li>
 * <li>0x80000001: EDX = leaf 1's AMD-aliased bits plus SYSCALL, NX, LM; ECX LAHF_LM (SVM is
 * removed by {@code -svm}); no RDTSCP, no 1 GiB pages.</li>
 * <li>0x80000002..4: "QEMU Virtual CPU version 2.5+".</li>
 * <li>0x80000005/6: QEMU's made-up AMD L1/L2 cache descriptors.</li>
 * <li>0x80000008: 40 physical and 48 linear address bits ({@link Mmu#PHYSICAL_ADDRESS_BITS}).</li>
 * </ul>
 * A leaf above the maximum of its range answers as the highest basic leaf (QEMU follows Intel
 * here even for an AMD vendor); the basic leaf 0xD is all zeros, so every such leaf reads zero.
 *
 * <p>The time-stamp counter is {@code tscAtStart} plus one per instruction retired: a run from
 * a snapshot then reads the same TSC values every time, and the TSC still advances for code
 * that waits on it. (QEMU's TCG derives the TSC from the host clock, which no replay can repeat.)
 */
public final class QemuCpuModel implements CpuModel {

    private static final int MAX_BASIC_LEAF = 0xD;
    private static final int MAX_HYPERVISOR_LEAF = 0x4000_0001;
    private static final int MAX_EXTENDED_LEAF = 0x8000_000A;
    private static final int AUTH = 0x6874_7541, ENTI = 0x6974_6E65, CAMD = 0x444D_4163;

    private static final Map<Integer, CpuidResult> LEAVES = Map.ofEntries(
            Map.entry(0x0, new CpuidResult(MAX_BASIC_LEAF, AUTH, CAMD, ENTI)),
            Map.entry(0x1, new CpuidResult(0x0006_0FB1, 0x0000_0800, 0x8000_2001, 0x078B_FBFD)),
            Map.entry(0x5, new CpuidResult(0, 0, 3, 0)),
            Map.entry(0x4000_0000, new CpuidResult(MAX_HYPERVISOR_LEAF, 0x5447_4354, 0x4354_4743, 0x4743_5447)),
            Map.entry(0x8000_0000, new CpuidResult(MAX_EXTENDED_LEAF, AUTH, CAMD, ENTI)),
            Map.entry(0x8000_0001, new CpuidResult(0x0006_0FB1, 0, 0x0000_0001, 0x2193_FBFD)),
            Map.entry(0x8000_0002, new CpuidResult(0x554D_4551, 0x7269_5620, 0x6C61_7574, 0x5550_4320)),
            Map.entry(0x8000_0003, new CpuidResult(0x7265_7620, 0x6E6F_6973, 0x352E_3220, 0x0000_002B)),
            Map.entry(0x8000_0005, new CpuidResult(0x01FF_01FF, 0x01FF_01FF, 0x4002_0140, 0x4002_0140)),
            Map.entry(0x8000_0006, new CpuidResult(0, 0x4200_4200, 0x0200_8140, 0x0080_8140)),
            Map.entry(0x8000_0008, new CpuidResult(0x0000_3028, 0, 0, 0)));

    /** Leaf 0xB's level-type values in ECX[15:8]: SMT (thread) and core. */
    private static final int LEVEL_SMT = 1, LEVEL_CORE = 2;

    private final long tscAtStart;

    /** @param tscAtStart the TSC before the first instruction (a snapshot's, or 0) */
    public QemuCpuModel(long tscAtStart) {
        this.tscAtStart = tscAtStart;
    }

    @Override
    public CpuidResult cpuid(int leaf, int subleaf) {
        int answered = inRange(leaf) ? leaf : MAX_BASIC_LEAF;
        if (answered == 0xB) {
            return topology(subleaf);
        }
        return LEAVES.getOrDefault(answered, CpuidResult.ZERO);
    }

    private static boolean inRange(int leaf) {
        if (Integer.compareUnsigned(leaf, 0x8000_0000) >= 0) {
            return Integer.compareUnsigned(leaf, MAX_EXTENDED_LEAF) <= 0;
        }
        if (Integer.compareUnsigned(leaf, 0x4000_0000) >= 0) {
            return Integer.compareUnsigned(leaf, MAX_HYPERVISOR_LEAF) <= 0;
        }
        return leaf <= MAX_BASIC_LEAF;
    }

    /** One logical processor per level: EBX 1, level number and type in ECX, x2APIC ID 0 in EDX. */
    private static CpuidResult topology(int subleaf) {
        int level = subleaf & 0xFF;
        return switch (level) {
            case 0 -> new CpuidResult(0, 1, LEVEL_SMT << 8, 0);
            case 1 -> new CpuidResult(0, 1, LEVEL_CORE << 8 | 1, 0);
            default -> new CpuidResult(0, 0, level, 0);
        };
    }

    @Override
    public long tsc(long instructionsRetired) {
        return tscAtStart + instructionsRetired;
    }
}
