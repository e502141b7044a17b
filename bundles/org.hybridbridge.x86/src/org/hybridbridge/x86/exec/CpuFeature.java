package org.hybridbridge.x86.exec;

/** CPUID feature bits the engine consults to decide whether an instruction exists. */
enum CpuFeature {
    FXSR(1, 'd', 24), SSE(1, 'd', 25), SSE2(1, 'd', 26), SSE3(1, 'c', 0), SSSE3(1, 'c', 9), SSE4_1(1, 'c', 19),
    SSE4_2(1, 'c', 20), XSAVE(1, 'c', 26), RDRAND(1, 'c', 30), RDSEED(7, 'b', 18), RDTSCP(0x8000_0001, 'd', 27),
    CX16(1, 'c', 13), MOVBE(1, 'c', 22), POPCNT(1, 'c', 23), BMI1(7, 'b', 3), LAHF_LM(0x8000_0001, 'c', 0),
    ABM(0x8000_0001, 'c', 5);

    private final int leaf;
    private final char register;
    private final int bit;

    CpuFeature(int leaf, char register, int bit) {
        this.leaf = leaf;
        this.register = register;
        this.bit = bit;
    }

    /** @return {@code semantic}, raising #UD instead when {@code model} lacks this feature */
    Semantic requiredBy(CpuModel model, Semantic semantic) {
        if (isReportedBy(model)) {
            return semantic;
        }
        return (instruction, execution) -> {
            throw CpuException.invalidOpcode(instruction.mnemonic() + ": the CPU model lacks " + this);
        };
    }

    /** @return the features {@code model} reports, one bit per feature by ordinal */
    static int reportedBy(CpuModel model) {
        int reported = 0;
        for (CpuFeature feature : values()) {
            reported |= feature.isReportedBy(model) ? 1 << feature.ordinal() : 0;
        }
        return reported;
    }

    boolean isReportedBy(CpuModel model) {
        CpuidResult result = model.cpuid(leaf, 0);
        int value = switch (register) {
            case 'b' -> result.ebx();
            case 'c' -> result.ecx();
            default -> result.edx();
        };
        return (value >>> bit & 1) != 0;
    }
}
