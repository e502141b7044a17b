package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.hybridbridge.fast.ExitCounts;
import org.hybridbridge.fast.FastBridgeOptions.GuestCpu;
import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast-Bridge part 1 (not redirected) against its oracle, Slow-Bridge not redirected: each
 * utility prints the same bytes and exits with the same status; the snapshot file is unchanged
 * by a run; getpid's warm run keeps within the exit target. On KVM where {@code /dev/kvm} exists
 * (skipped, saying so, where it does not), and on the engine standing in for KVM everywhere.
 */
class FastRunTest {

    /** The utilities both oracles run; FastLockstepTest runs them too. */
    static final List<String> UTILITIES = List.of("getpid", "hostname", "uname -a", "ps");
    /**
     * Issue 9's target for getpid's whole run; the C measuring tool took 66 (depriv README). The
     * kernel's clock reads come on top: this KVM ignores a TSC the VMM writes, so each {@code rdtsc}
     * of the kernel traps to read the snapshot's clock (without, ps printed its own TIME as 05:00:13).
     */
    private static final long GETPID_EXIT_TARGET = 70;

    private static KernelProfile profile;

    @BeforeAll
    static void kernelProfile() {
        profile = RunFixtures.profile();
    }

    @Test
    void onTheEngineEachUtilityPrintsWhatSlowBridgePrints(@TempDir Path directory) {
        for (String commandLine : UTILITIES) {
            assertSameAsSlowBridge(commandLine, GuestCpu.ENGINE, directory);
        }
    }

    @Test
    void onKvmEachUtilityPrintsWhatSlowBridgePrints(@TempDir Path directory) {
        Requirements.requireKvm();
        for (String commandLine : UTILITIES) {
            assertSameAsSlowBridge(commandLine, GuestCpu.KVM, directory);
        }
    }

    @Test
    void aRunLeavesTheSnapshotFileAsItWas(@TempDir Path directory) throws IOException {
        Path svm = RunFixtures.svm();
        String before = sha256(svm);

        fast("getpid", GuestCpu.ENGINE, directory.resolve("sites.txt"));

        assertEquals(before, sha256(svm));
    }

    @Test
    void onTheEngineGetpidsWarmRunTakesAtMostTheTargetExits(@TempDir Path directory) {
        assertWarmGetpidWithinTarget(GuestCpu.ENGINE, directory);
    }

    @Test
    void onKvmGetpidsWarmRunTakesAtMostTheTargetExits(@TempDir Path directory) {
        Requirements.requireKvm();
        assertWarmGetpidWithinTarget(GuestCpu.KVM, directory);
    }

    private static void assertWarmGetpidWithinTarget(GuestCpu cpu, Path directory) {
        Path sites = directory.resolve("sites.txt");
        FastRunResult cold = fast("getpid", cpu, sites);
        FastRunResult warm = fast("getpid", cpu, sites);

        assertTrue(cold.learnedSites() > 0, "the cold run neutralises cli/sti/swapgs on their first trap");
        assertEquals(0, warm.learnedSites());
        assertEquals(cold.neutralisedSites(), warm.neutralisedSites());
        assertTrue(warm.exits().total() - warm.exits().of(ExitCounts.CLOCK_READ) <= GETPID_EXIT_TARGET,
                () -> warm.exits().total() + " exits: " + warm.exits().byCause());
        assertTrue(warm.exits().total() < cold.exits().total());
    }

    private static void assertSameAsSlowBridge(String commandLine, GuestCpu cpu, Path directory) {
        SlowRunRequest slowRequest = new SlowRunRequest(RunFixtures.svm(), null,
                List.of(commandLine.split(" ")), false, SlowRunRequest.DEFAULT_BUDGET, null, null,
                directory.resolve("metadata.hbmeta"), null);
        RunResult slow = SlowRun.run(slowRequest, profile, ProgressListener.NONE).result();
        FastRunResult fast = fast(commandLine, cpu, directory.resolve("sites.txt"));

        assertArrayEquals(slow.output(), fast.output(), commandLine);
        assertEquals(slow.exitStatus(), fast.exitStatus(), commandLine);
    }

    private static FastRunResult fast(String commandLine, GuestCpu cpu, Path sites) {
        FastRunRequest request = new FastRunRequest(RunFixtures.svm(), List.of(commandLine.split(" ")),
                FastBridgeOptions.DEFAULT_EXIT_BUDGET, Duration.ofMinutes(5), null, cpu, sites, false);
        return FastRun.run(request, profile, ProgressListener.NONE).result();
    }

    /** @return the hash of the whole file, header and manifest included */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int read; (read = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
