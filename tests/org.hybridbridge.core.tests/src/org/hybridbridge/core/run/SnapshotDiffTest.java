package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hybridbridge.core.diff.PageRegion;
import org.hybridbridge.core.diff.SnapshotDiff;
import org.hybridbridge.core.diff.SnapshotDiff.Change;
import org.hybridbridge.core.diff.SnapshotDiff.RowChange;
import org.hybridbridge.core.diff.SnapshotDiff.UtilityDiff;
import org.hybridbridge.core.diff.SnapshotDiffer;
import org.hybridbridge.core.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.GuestProgress;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.SnapshotCache;
import org.hybridbridge.qemu.Snapshots;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hb diff} on the demo GVM at two times (issue 12, item 2): the test boots it once, takes a
 * snapshot, has the guest load a module and start a daemon, and takes a second. The oracle is what
 * the guest was made to do, and the identity: a snapshot compared with itself differs in nothing.
 */
class SnapshotDiffTest {

    private static final GuestKind FIXTURE = GuestKind.GVM;
    private static final String MODULE = "ifb";
    private static final String DAEMON = "sleep 4242";

    @TempDir
    static Path directory;

    private static KernelProfile profile;
    private static Path before;
    private static Path after;
    private static SnapshotDiff diff;

    @BeforeAll
    static void snapshotTheGuestBeforeAndAfterAChange() {
        profile = RunFixtures.profile();
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(FIXTURE), () -> "no " + FIXTURE.label() + " image: run hb guest build");
        before = directory.resolve("before.hbsnap");
        after = directory.resolve("after.hbsnap");
        Snapshots.takeGvmBeforeAndAfter(images, FIXTURE, before,
                List.of("insmod /lib/modules/" + MODULE + ".ko", "start-stop-daemon -S -b -x /bin/sleep -- 4242"),
                after, FIXTURE.defaultOptions(), GuestProgress.NONE);
        UtilityRunner runner = new UtilityRunner(new SnapshotCache(images, MachineOptions.defaults()), profile);
        diff = new SnapshotDiffer(profile).diff(before, after, runner, ProgressListener.NONE);
    }

    @Test
    void theBridgeFindsTheLoadedModuleAndTheStartedProcess() {
        Map<String, UtilityDiff> byUtility = diff.objects().stream()
                .collect(Collectors.toMap(UtilityDiff::commandLine, utility -> utility));
        assertEquals(SnapshotDiffer.UTILITIES, diff.objects().stream().map(UtilityDiff::commandLine).toList());
        byUtility.values().forEach(utility -> assertNull(utility.error(), utility.commandLine()));

        List<RowChange> modules = byUtility.get("lsmod").rows();
        assertTrue(modules.stream().anyMatch(row -> row.change() == Change.ADDED && row.key().equals(MODULE)),
                "lsmod: " + modules);
        assertTrue(modules.stream().noneMatch(row -> row.change() == Change.REMOVED), "no module left: " + modules);

        List<RowChange> processes = byUtility.get("ps").rows();
        assertTrue(processes.stream().anyMatch(row -> row.change() == Change.ADDED && row.inB().endsWith(DAEMON)),
                "ps: " + processes);
        assertTrue(byUtility.get("uname -a").rows().isEmpty(), "the kernel is the same");
    }

    @Test
    void pagesAndVariablesShowTheChangeInTheGuestsOwnLayout() {
        Map<PageRegion, SnapshotDiff.RegionCount> regions = diff.pages().stream()
                .collect(Collectors.toMap(SnapshotDiff.RegionCount::region, count -> count));
        assertTrue(!regions.containsKey(PageRegion.ONLY_IN_A) && !regions.containsKey(PageRegion.ONLY_IN_B),
                "one guest, one RAM size: " + regions.keySet());
        assertTrue(regions.get(PageRegion.VMALLOC).differing() > 0, "the module's pages: " + regions);
        assertTrue(regions.get(PageRegion.PER_CPU).compared() > 0, "per-CPU areas found: " + regions);
        assertEquals(0, regions.get(PageRegion.KERNEL_RODATA).differing(), "read-only data stays: " + regions);
        List<String> variables = diff.globals().stream().map(SnapshotDiff.GlobalChange::symbol).toList();
        assertTrue(variables.contains("jiffies"), "time passed");
        assertTrue(variables.contains("modules"), "the module list's head moved: " + variables);
    }

    @Test
    void aSnapshotComparedWithItselfDiffersInNothing() {
        SnapshotDiff same = new SnapshotDiffer(profile).diff(after, after, null, ProgressListener.NONE);

        assertEquals(0, same.differingPages());
        assertTrue(same.pages().stream().mapToLong(SnapshotDiff.RegionCount::compared).sum() > 60_000,
                "every page of 256 MiB compared");
        assertTrue(same.globals().isEmpty(), same.globals().toString());
        assertTrue(same.objects().isEmpty(), "no runner, no utilities");
    }
}
