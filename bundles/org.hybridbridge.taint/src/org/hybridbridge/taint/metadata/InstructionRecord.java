package org.hybridbridge.taint.metadata;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is known of one kernel instruction with a memory access executed inside introspected
 * system calls. Immutable; {@link #merge} combines two observations of the same address.
 *
 * @param address     its linear address
 * @param symbol      {@code function+offset}
 * @param bytes       its encoding, hex
 * @param text        AT&amp;T disassembly
 * @param accessClass R, NR or MIXED
 * @param executions  how many times it executed
 * @param syscalls    the introspected system calls that reached it
 * @param utilities   the utilities whose runs reached it
 * @param taintSources for R and MIXED, {@code symbol+offset} of every taint source that made it
 *                    redirectable (the sources of its address, or the global it reads), in the
 *                    order the run met them; empty for NR
 */
public record InstructionRecord(long address, String symbol, String bytes, String text, AccessClass accessClass,
        long executions, Set<String> syscalls, Set<String> utilities, List<String> taintSources) {

    public InstructionRecord {
        syscalls = Collections.unmodifiableSortedSet(new TreeSet<>(syscalls));
        utilities = Collections.unmodifiableSortedSet(new TreeSet<>(utilities));
        taintSources = List.copyOf(taintSources);
    }

    /**
     * @return the taint sources as one string ({@link SourceNames}: how stores, exports and hb show
     *         them), or {@code null} for none
     */
    public String taintSourceText() {
        return taintSources.isEmpty() ? null : SourceNames.join(taintSources);
    }

    /** @return this and {@code other}, observations of the same instruction, as one record */
    public InstructionRecord merge(InstructionRecord other) {
        if (other.address != address || !other.bytes.equals(bytes)) {
            throw new IllegalArgumentException(String.format("cannot merge the records of %s at 0x%x and %s at 0x%x",
                    bytes, address, other.bytes, other.address));
        }
        return new InstructionRecord(address, symbol, bytes, text, accessClass.merge(other.accessClass),
                executions + other.executions, union(syscalls, other.syscalls), union(utilities, other.utilities),
                inOrder(taintSources, other.taintSources));
    }

    /** @return {@code a}, then the names of {@code b} it lacks (most merges add none: no set is made then) */
    private static List<String> inOrder(List<String> a, List<String> b) {
        if (a.containsAll(b)) {
            return a;
        }
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return List.copyOf(union);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }
}
