package org.hybridbridge.x86.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A CPU model that reports general-purpose ISA extensions by their Linux flag names
 * ({@code bmi1}, {@code abm}, {@code popcnt}, {@code movbe}, {@code cx16}, {@code lahf_lm}):
 * those of the processor the tests run on ({@link #fromProcCpuinfo()}), so the engine decides
 * F3 0F BC, POPCNT, MOVBE ... as the CPU under the KVM oracle does, or a chosen set. Only the
 * CPUID bits the integer semantics consult are filled in.
 */
final class FeatureFlagModel implements CpuModel {

    private final Set<String> flags;

    private FeatureFlagModel(Set<String> flags) {
        this.flags = flags;
    }

    static FeatureFlagModel of(String... flags) {
        return new FeatureFlagModel(Set.of(flags));
    }

    static FeatureFlagModel fromProcCpuinfo() {
        try {
            String flagsLine = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("/proc/cpuinfo has no flags line"));
            return new FeatureFlagModel(Set.of(flagsLine.substring(flagsLine.indexOf(':') + 1).trim().split("\\s+")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/cpuinfo", e);
        }
    }

    @Override
    public CpuidResult cpuid(int leaf, int subleaf) {
        return switch (leaf) {
            case 1 -> new CpuidResult(0, 0, bit("cx16", 13) | bit("movbe", 22) | bit("popcnt", 23), 0);
            case 7 -> new CpuidResult(0, subleaf == 0 ? bit("bmi1", 3) : 0, 0, 0);
            case 0x8000_0001 -> new CpuidResult(0, 0, bit("lahf_lm", 0) | bit("abm", 5), 0);
            default -> new CpuidResult(0, 0, 0, 0);
        };
    }

    private int bit(String flag, int bit) {
        return flags.contains(flag) ? 1 << bit : 0;
    }

    @Override
    public long tsc(long instructionsRetired) {
        return instructionsRetired;
    }
}
