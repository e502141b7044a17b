package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.hybridbridge.core.diff.DiffJson;
import org.hybridbridge.core.diff.SnapshotDiffer;
import org.hybridbridge.model.GlobalChange;
import org.hybridbridge.model.PageRegion;
import org.hybridbridge.model.RegionCount;
import org.hybridbridge.model.RowChange;
import org.hybridbridge.model.RowDiff;
import org.hybridbridge.model.SnapshotDiff;
import org.hybridbridge.model.UtilityDiff;
import org.hybridbridge.model.store.ModelStore;
import org.hybridbridge.model.store.RunHistoryStore;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
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
    /** procps ps shows the command's name, not its arguments. */
    private static final String DAEMON = " sleep";

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
                after, FIXTURE.defaultOptions(), ProgressListener.NONE);
        UtilityRunner runner = new UtilityRunner(new SnapshotCache(images, MachineOptions.defaults()), profile,
                new RunHistoryStore(directory.resolve(UtilityRunner.HISTORY_FILE)));
        diff = new SnapshotDiffer(profile).diff(before, after, runner, ProgressListener.NONE);
    }

    @Test
    void theBridgeFindsTheLoadedModuleAndTheStartedProcess() {
        Map<String, UtilityDiff> byUtility = diff.getObjects().stream()
                .collect(Collectors.toMap(UtilityDiff::getCommandLine, utility -> utility));
        assertEquals(SnapshotDiffer.UTILITIES, diff.getObjects().stream().map(UtilityDiff::getCommandLine).toList());
        byUtility.values().forEach(utility -> assertNull(utility.getError(), utility.getCommandLine()));

        List<RowDiff> modules = byUtility.get("lsmod").getRows();
        assertTrue(modules.stream().anyMatch(row -> row.getChange() == RowChange.ADDED
                && row.getKey().equals(MODULE)), "lsmod: " + modules);
        assertTrue(modules.stream().noneMatch(row -> row.getChange() == RowChange.REMOVED), "no module left");

        List<RowDiff> processes = byUtility.get("ps").getRows();
        assertTrue(processes.stream().anyMatch(row -> row.getChange() == RowChange.ADDED
                && row.getInB().endsWith(DAEMON)), "ps: " + processes);
        assertTrue(byUtility.get("uname -a").getRows().isEmpty(), "the kernel is the same");
    }

    @Test
    void pagesAndVariablesShowTheChangeInTheGuestsOwnLayout() {
        Map<PageRegion, RegionCount> regions = diff.getPages().stream()
                .collect(Collectors.toMap(RegionCount::getRegion, count -> count));
        assertTrue(!regions.containsKey(PageRegion.ONLY_IN_A) && !regions.containsKey(PageRegion.ONLY_IN_B),
                "one guest, one RAM size: " + regions.keySet());
        assertTrue(regions.get(PageRegion.VMALLOC).getDiffering() > 0, "the module's pages");
        assertTrue(regions.get(PageRegion.PER_CPU).getCompared() > 0, "per-CPU areas found");
        assertEquals(0, regions.get(PageRegion.KERNEL_RODATA).getDiffering(), "read-only data stays");
        List<String> variables = diff.getGlobals().stream().map(GlobalChange::getSymbol).toList();
        assertTrue(variables.contains("jiffies"), "time passed");
        assertTrue(variables.contains("modules"), "the module list's head moved: " + variables);
    }

    @Test
    void aSnapshotComparedWithItselfDiffersInNothing() {
        SnapshotDiff same = new SnapshotDiffer(profile).diff(after, after, null, ProgressListener.NONE);

        assertEquals(0, SnapshotDiffer.differingPages(same));
        assertTrue(same.getPages().stream().mapToLong(RegionCount::getCompared).sum() > 60_000,
                "every page of 256 MiB compared");
        assertTrue(same.getGlobals().isEmpty(), same.getGlobals().toString());
        assertTrue(same.getObjects().isEmpty(), "no runner, no utilities");
    }

    @Test
    void aSavedComparisonReadsBackAsItWasSaved() throws Exception {
        Path saved = directory.resolve("saved.hbdiff");
        SnapshotDiff copy = EcoreUtil.copy(diff);
        ModelStore.write(copy, saved);

        SnapshotDiff read = ModelStore.read(saved, SnapshotDiff.class);
        assertTrue(EcoreUtil.equals(diff, read), "every page count, variable and row");
        assertEquals(DiffJson.of(diff), DiffJson.of(read));
    }
}
