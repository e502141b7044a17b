package org.hybridbridge.taint;

import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.taint.shadow.TaintSources;
import org.hybridbridge.x86.Instruction;

/**
 * Counts what each kernel instruction did under the taint analysis, cheaply (an instruction
 * runs thousands of times in a {@code ps}), and makes the meta-data records once, at the end:
 * symbols, hex and AT&amp;T text are computed once per instruction, not per execution, and an
 * execution in the same system call as the last one adds nothing to its set of system calls.
 */
final class MetadataCollector {

    private static final HexFormat HEX = HexFormat.of();

    private static final class Observed {
        final Instruction instruction;
        final Set<String> syscalls = new TreeSet<>();
        /** The system call last added to {@link #syscalls}: the same one again needs no set operation. */
        String lastSyscall;
        long executions;
        boolean redirected;
        boolean notRedirected;
        /** The union of the labels that made its executions redirectable. */
        int sourceLabel;
        /**
         * The two labels united last: an execution redirected by one of them again needs no union
         * (an instruction that walks two lists alternates between their labels).
         */
        int lastLabel, previousLabel;

        Observed(Instruction instruction) {
            this.instruction = instruction;
        }
    }

    private final LongMap<Observed> observed = new LongMap<>();
    private final TaintSources sources;

    /** @param sources the run's taint sources, whose labels the observations give */
    MetadataCollector(TaintSources sources) {
        this.sources = sources;
    }

    /**
     * One execution of {@code instruction} inside {@code syscall}.
     *
     * @param sourceLabel for a redirectable execution, the label of the taint sources that made it so
     */
    void observe(Instruction instruction, boolean redirected, int sourceLabel, String syscall) {
        Observed o = observed.get(instruction.address());
        if (o == null) {
            o = new Observed(instruction);
            observed.put(instruction.address(), o);
        }
        o.executions++;
        if (!syscall.equals(o.lastSyscall)) {
            o.syscalls.add(syscall);
            o.lastSyscall = syscall;
        }
        if (redirected) {
            o.redirected = true;
            if (sourceLabel != o.lastLabel && sourceLabel != o.previousLabel) {
                o.sourceLabel = sources.union(o.sourceLabel, sourceLabel);
                o.previousLabel = o.lastLabel;
                o.lastLabel = sourceLabel;
            }
        } else {
            o.notRedirected = true;
        }
    }

    /** Forgets everything observed: a fallback's replay hands on what it learned in parts. */
    void clear() {
        observed.clear();
    }

    /** @return the meta-data of everything observed, attributed to {@code utility} */
    KernelMetadata metadata(String kernelBanner, String utility, KernelLayout layout) {
        KernelMetadata metadata = new KernelMetadata(kernelBanner);
        for (Observed o : observed.values()) {
            AccessClass accessClass = o.redirected && o.notRedirected ? AccessClass.MIXED
                    : o.redirected ? AccessClass.R : AccessClass.NR;
            long address = o.instruction.address();
            metadata.record(new InstructionRecord(address, layout.name(address), HEX.formatHex(o.instruction.bytes()),
                    o.instruction.toString(), accessClass, o.executions, o.syscalls, Set.of(utility),
                    sources.namesOf(o.sourceLabel)));
        }
        return metadata;
    }
}
