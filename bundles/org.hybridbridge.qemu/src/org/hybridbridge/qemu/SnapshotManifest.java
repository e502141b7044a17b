package org.hybridbridge.qemu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a {@code .hbsnap} file: what its memory is and the state around it.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param source        {@code qemu} (taken by {@link Snapshots}) or {@code qemu-elf-core} (imported)
 * @param guest         {@code svm}, {@code gvm}, or {@code unknown} for an import
 * @param kernelBanner  the kernel's {@code linux_banner}, trailing newline included
 * @param memory        the guest-physical ranges stored, in file order
 * @param memorySha256  SHA-256 of the stored memory, all ranges in file order
 * @param vcpu          the state of the vCPU introspection takes by default: the one the marker
 *                      stopped (a GVM's: the CPU hb-freeze ran on); an import's first vCPU
 * @param vcpus         every vCPU's state by CPU number, where the source recorded them all (an
 *                      import: one QEMU note per vCPU); empty where only {@code vcpu} was (a
 *                      snapshot taken at a marker, or written before this field existed)
 * @param marker        the marker stop the snapshot was taken at; null for an import
 * @param groundTruth   for a GVM: command line to the output it gave inside the guest just
 *                      before the snapshot; empty otherwise
 * @param takenAt       ISO-8601 instant
 */
public record SnapshotManifest(int formatVersion, String source, String guest, String kernelBanner,
        List<MemoryRange> memory, String memorySha256, VcpuState vcpu, List<VcpuState> vcpus, Marker marker,
        Map<String, String> groundTruth, String takenAt) {

    public static final int FORMAT_VERSION = 1;

    /**
     * Guest-physical memory {@code [guestPhysical, guestPhysical + size)} stored at
     * {@code fileOffset} of the {@code .hbsnap} file.
     */
    public record MemoryRange(long guestPhysical, long size, long fileOffset) {
    }

    /**
     * @param kind    {@code park} (the SVM run-start state of any command: hb-agent's child parked
     *                before it reads the command line a run writes, {@link ParkedCommand}), {@code exec}
     *                (the SVM run-start state of one command: just before execve of {@code command})
     *                or {@code freeze} (hb-freeze current in the GVM)
     * @param pid     the guest pid of the marking process
     * @param command the command line hb-agent was running
     */
    public record Marker(String kind, int pid, String command) {

        public static final String PARK = "park";
        public static final String EXEC = "exec";
        public static final String FREEZE = "freeze";

        /** @return whether this marks an SVM's run-start state, which only an SVM snapshot has */
        public boolean isRunStart() {
            return kind.equals(PARK) || kind.equals(EXEC);
        }
    }

    public SnapshotManifest {
        memory = List.copyOf(memory);
        vcpus = vcpus == null ? List.of() : List.copyOf(vcpus); // null: a manifest written before vcpus existed
        groundTruth = Collections.unmodifiableMap(new LinkedHashMap<>(groundTruth));
    }

    /** The total number of memory bytes stored. */
    public long memoryBytes() {
        return memory.stream().mapToLong(MemoryRange::size).sum();
    }
}
