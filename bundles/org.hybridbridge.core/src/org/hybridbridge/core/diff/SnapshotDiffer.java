package org.hybridbridge.core.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hybridbridge.core.run.KernelCheck;
import org.hybridbridge.core.run.SlowRunRequest;
import org.hybridbridge.core.run.SnapshotMemory;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.core.run.VcpuStates;
import org.hybridbridge.core.run.VerifiedSnapshots;
import org.hybridbridge.model.GlobalChange;
import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.PageRegion;
import org.hybridbridge.model.RegionCount;
import org.hybridbridge.model.SnapshotDiff;
import org.hybridbridge.model.UtilityDiff;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.taint.CopyOnWriteMemory;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * Compares two snapshots of guests of one kernel build (DESIGN.md 3.6, Snapshot diff): (a) their
 * pages, by region, and the kernel variables whose bytes differ; (b) the kernel's objects, found
 * by the bridge itself rather than by structure walkers: each utility of {@link #UTILITIES} runs
 * through Hybrid-Bridge against both, and their answers are compared row by row.
 */
public final class SnapshotDiffer {

    /** The utilities whose answers describe the objects: processes, modules, sockets, the kernel, memory. */
    public static final List<String> UTILITIES = List.of("ps", "lsmod", "netstat -an", "uname -a", "free");
    private static final int PAGE = 1 << SnapshotLayout.PAGE_SHIFT;
    private static final int CHUNK = 64 << 20;
    /** A variable is compared up to this size: larger "variables" are symbol-less tails of a section. */
    private static final long MAX_VARIABLE = 1 << 20;

    private static final ModelFactory FACTORY = ModelFactory.eINSTANCE;

    private final KernelProfile profile;

    public SnapshotDiffer(KernelProfile profile) {
        this.profile = profile;
    }

    /**
     * Compares {@code a} and {@code b}: both must be sound snapshots of the profile's kernel
     * (checked first, in one line each). With a {@code runner}, the utilities run through
     * Hybrid-Bridge against both; without, only pages and variables are compared.
     */
    public SnapshotDiff diff(Path a, Path b, UtilityRunner runner, ProgressListener progress) {
        progress.beginTask("Comparing " + a.getFileName() + " and " + b.getFileName(),
                3 + (runner == null ? 0 : 2 * UTILITIES.size()));
        try (SnapshotFile fileA = SnapshotFile.open(a); SnapshotFile fileB = SnapshotFile.open(b)) {
            for (SnapshotFile file : List.of(fileA, fileB)) {
                progress.subTask(file.path().getFileName() + " runs the profile's kernel: "
                        + KernelCheck.checkMatches(profile, file));
                VerifiedSnapshots.verify(file);
            }
            progress.worked(1);
            checkCancelled(progress);
            progress.subTask("Comparing pages");
            List<RegionCount> pages = comparePages(fileA, fileB);
            progress.worked(1);
            checkCancelled(progress);
            progress.subTask("Comparing the kernel's variables");
            List<GlobalChange> globals = compareGlobals(fileA, fileB);
            progress.worked(1);
            List<UtilityDiff> objects = runner == null ? List.of() : compareObjects(runner, a, b, progress);
            SnapshotDiff diff = FACTORY.createSnapshotDiff();
            diff.setA(a.toString());
            diff.setB(b.toString());
            diff.setCreated(Instant.now().toString());
            diff.getPages().addAll(pages);
            diff.getGlobals().addAll(globals);
            diff.getObjects().addAll(objects);
            return diff;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<RegionCount> comparePages(SnapshotFile a, SnapshotFile b) {
        SnapshotLayout layoutA = SnapshotLayout.of(a, profile);
        Map<PageRegion, long[]> counts = new EnumMap<>(PageRegion.class);
        long shared = 0;
        // Memory both snapshots have, range by range, mapped a chunk at a time (never a page at a time:
        // a mapping per page of a 16 GiB guest would exhaust the process's mappings).
        for (MemoryRange rangeA : a.manifest().memory()) {
            for (MemoryRange rangeB : b.manifest().memory()) {
                long from = Math.max(rangeA.guestPhysical(), rangeB.guestPhysical());
                long to = Math.min(rangeA.guestPhysical() + rangeA.size(), rangeB.guestPhysical() + rangeB.size());
                to = from + ((to - from) & -PAGE);
                for (long chunk = from; chunk < to; chunk += CHUNK) {
                    int length = (int) Math.min(CHUNK, to - chunk);
                    ByteBuffer bytesA = a.map(rangeA, chunk - rangeA.guestPhysical(), length);
                    ByteBuffer bytesB = b.map(rangeB, chunk - rangeB.guestPhysical(), length);
                    for (int page = 0; page < length; page += PAGE) {
                        boolean differs = bytesA.slice(page, PAGE).mismatch(bytesB.slice(page, PAGE)) >= 0;
                        count(counts, layoutA.regionOf(chunk + page), differs ? 1 : 0, 1);
                    }
                }
                shared += Math.max(0, to - from);
            }
        }
        long onlyInA = (size(a) - shared) / PAGE, onlyInB = (size(b) - shared) / PAGE;
        if (onlyInA > 0) {
            count(counts, PageRegion.ONLY_IN_A, onlyInA, onlyInA);
        }
        if (onlyInB > 0) {
            count(counts, PageRegion.ONLY_IN_B, onlyInB, onlyInB);
        }
        List<RegionCount> regions = new ArrayList<>();
        counts.forEach((region, count) -> {
            RegionCount regionCount = FACTORY.createRegionCount();
            regionCount.setRegion(region);
            regionCount.setCompared(count[0]);
            regionCount.setDiffering(count[1]);
            regions.add(regionCount);
        });
        return regions;
    }

    private static void count(Map<PageRegion, long[]> counts, PageRegion region, long differing, long compared) {
        long[] count = counts.computeIfAbsent(region, r -> new long[2]);
        count[0] += compared;
        count[1] += differing;
    }

    private static long size(SnapshotFile snapshot) {
        return snapshot.manifest().memory().stream().mapToLong(range -> range.size() & -PAGE).sum();
    }

    /** The variables of the data and bss sections, each from its symbol to the next, read through each guest's tables. */
    private List<GlobalChange> compareGlobals(SnapshotFile a, SnapshotFile b) {
        Mmu kernelA = kernelSpace(a);
        Mmu kernelB = kernelSpace(b);
        List<GlobalChange> changes = new ArrayList<>();
        for (long[] section : new long[][] { { profile.symbol("_sdata"), profile.symbol("_edata") },
                { profile.symbol("__bss_start"), profile.symbol("__bss_stop") } }) {
            TreeMap<Long, String> variables = variablesIn(section[0], section[1]);
            for (Map.Entry<Long, String> variable : variables.entrySet()) {
                long address = variable.getKey();
                Long next = variables.higherKey(address);
                long size = Math.min((next == null ? section[1] : next) - address, MAX_VARIABLE);
                int differing = differingBytes(kernelA, kernelB, address, size);
                if (differing > 0) {
                    GlobalChange change = FACTORY.createGlobalChange();
                    change.setSymbol(variable.getValue());
                    change.setAddress(address);
                    change.setSize(size);
                    change.setDifferingBytes(differing);
                    changes.add(change);
                }
            }
        }
        return changes;
    }

    /**
     * One name per address: the variable's rather than a section marker's ({@code __end_rodata_aligned}
     * shares {@code init_stack}'s address), that is the one with the fewest leading underscores, then
     * the first in name order, so the output does not depend on kallsyms order.
     */
    private TreeMap<Long, String> variablesIn(long from, long to) {
        Comparator<String> preferred = Comparator.comparingInt(SnapshotDiffer::leadingUnderscores)
                .thenComparing(Comparator.naturalOrder());
        TreeMap<Long, String> variables = new TreeMap<>(Long::compareUnsigned);
        profile.symbols().forEach((name, address) -> {
            if (Long.compareUnsigned(address, from) >= 0 && Long.compareUnsigned(address, to) < 0) {
                variables.merge(address, name, (x, y) -> preferred.compare(x, y) <= 0 ? x : y);
            }
        });
        return variables;
    }

    private static int leadingUnderscores(String name) {
        int count = 0;
        while (count < name.length() && name.charAt(count) == '_') {
            count++;
        }
        return count;
    }

    private static int differingBytes(Mmu a, Mmu b, long address, long size) {
        int differing = 0;
        for (long done = 0; done < size;) {
            int chunk = (int) Math.min(8, size - done);
            long x, y;
            try {
                x = a.read(address + done, chunk);
                y = b.read(address + done, chunk);
            } catch (CpuException e) {
                return differing; // freed or unmapped in one guest: compare no further
            }
            for (long diff = x ^ y; diff != 0; diff >>>= 8) {
                if ((diff & 0xff) != 0) {
                    differing++;
                }
            }
            done += chunk;
        }
        return differing;
    }

    /** The kernel's address space in {@code snapshot}, over a private overlay of its memory. */
    static Mmu kernelSpace(SnapshotFile snapshot) {
        // Accessed bits the walk sets land in a private overlay, never in the snapshot.
        return VcpuStates.kernelSpace(new CopyOnWriteMemory(new SnapshotMemory(snapshot)),
                snapshot.manifest().vcpu());
    }

    private static List<UtilityDiff> compareObjects(UtilityRunner runner, Path a, Path b, ProgressListener progress) {
        List<UtilityDiff> diffs = new ArrayList<>();
        for (String commandLine : UTILITIES) {
            checkCancelled(progress);
            try {
                Path svm = runner.svm(progress);
                progress.subTask(commandLine + " through Hybrid-Bridge against " + a.getFileName());
                String answerA = runner.redirected(svm, commandLine, a, SlowRunRequest.DEFAULT_BUDGET, progress)
                        .result().outputText();
                progress.worked(1);
                progress.subTask(commandLine + " through Hybrid-Bridge against " + b.getFileName());
                String answerB = runner.redirected(svm, commandLine, b, SlowRunRequest.DEFAULT_BUDGET, progress)
                        .result().outputText();
                progress.worked(1);
                UtilityDiff diff = utilityDiff(commandLine);
                diff.getRows().addAll(AnswerRows.compare(commandLine, answerA, answerB));
                diffs.add(diff);
            } catch (RuntimeException e) {
                if (progress.isCancelled()) {
                    throw new CancelledException(commandLine);
                }
                UtilityDiff diff = utilityDiff(commandLine);
                diff.setError(e.getMessage());
                diffs.add(diff);
            }
        }
        return diffs;
    }

    private static UtilityDiff utilityDiff(String commandLine) {
        UtilityDiff diff = FACTORY.createUtilityDiff();
        diff.setCommandLine(commandLine);
        return diff;
    }

    /** @return the pages that differ, over all regions */
    public static long differingPages(SnapshotDiff diff) {
        return diff.getPages().stream().mapToLong(RegionCount::getDiffering).sum();
    }

    private static void checkCancelled(ProgressListener progress) {
        if (progress.isCancelled()) {
            throw new CancelledException("snapshot diff");
        }
    }
}
