package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hybridbridge.internal.qemu.snapshot.BannerSearch;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.Mmu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel of a snapshot is the one its page tables map at the profile's linux_banner, whatever
 * else its memory or its manifest say: checked on doctored copies of the real GVM snapshot.
 */
class KernelCheckTest {

    private static final String PLANTED = "Linux version 6.6.6-evil (mallory@gvm) (gcc 13) #1 SMP 2026\n";
    static final String OTHER = "Linux version 6.1.0-99-cloud-amd64 (debian-kernel@lists.debian.org) "
            + "(gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC "
            + "Debian 6.1.999-1 (2026-01-01)\n";
    private static final int PAGE = 4096;
    private static final int PLANTED_PAGES = 64;

    private static KernelProfile profile;
    private static Path gvm;

    @BeforeAll
    static void profileAndSnapshot() {
        profile = RunFixtures.profile();
        gvm = RunFixtures.gvm();
    }

    @Test
    void theRealKernelIsRecognisedThroughItsPageTables() throws Exception {
        try (SnapshotFile snapshot = SnapshotFile.open(gvm)) {
            assertEquals(String.format("by linux_banner at 0x%x, read through the snapshot's page tables",
                    profile.symbol("linux_banner")), KernelCheck.checkMatches(profile, snapshot));
        }
    }

    @Test
    void bannersPlantedInFreePagesDoNotHideTheRightKernel(@TempDir Path directory) throws Exception {
        Map<Long, byte[]> planted = new HashMap<>();
        for (long page : freePages(PLANTED_PAGES)) {
            planted.put(page, PLANTED.getBytes(StandardCharsets.US_ASCII));
        }
        // the manifest says what the most frequent banner in memory now is, as an import finds it
        Path copy = SnapshotCopies.copy(gvm, directory.resolve("planted.hbsnap"), planted,
                manifest -> SnapshotCopies.withBanner(manifest, PLANTED));

        try (SnapshotFile snapshot = SnapshotFile.open(copy)) {
            snapshot.verify();
            assertEquals(PLANTED, mostFrequentBanner(copy), "the old search in memory is fooled");
            assertThrows(InvalidSnapshotException.class, () -> profile.checkMatches(snapshot.manifest()),
                    "the manifest alone is fooled");
            assertTrue(KernelCheck.checkMatches(profile, snapshot).startsWith("by linux_banner at "));
        }
    }

    @Test
    void aSnapshotOfAnotherKernelIsRefusedNamingBothBanners(@TempDir Path directory) throws Exception {
        // another build's banner where this build's linux_banner is; the manifest still claims this build
        Path copy = SnapshotCopies.copy(gvm, directory.resolve("other.hbsnap"),
                Map.of(physical(profile.symbol("linux_banner")), OTHER.getBytes(StandardCharsets.US_ASCII)),
                manifest -> manifest);

        try (SnapshotFile snapshot = SnapshotFile.open(copy)) {
            InvalidSnapshotException refused = assertThrows(InvalidSnapshotException.class,
                    () -> KernelCheck.checkMatches(profile, snapshot));
            assertEquals("the snapshot's kernel (" + OTHER.strip() + ") is not this profile's ("
                    + profile.banner().strip() + ")", refused.getMessage());
        }
    }

    @Test
    void withoutPageTablesTheManifestsBannerDecidesAndTheCheckSaysSo(@TempDir Path directory) throws Exception {
        Path copy = SnapshotCopies.copy(gvm, directory.resolve("unpaged.hbsnap"), Map.of(),
                manifest -> withoutCr3(manifest));

        try (SnapshotFile snapshot = SnapshotFile.open(copy)) {
            assertEquals("by the banner in its manifest: its vCPU state has no page tables to read linux_banner "
                    + "through", KernelCheck.checkMatches(profile, snapshot));
        }
    }

    private static String mostFrequentBanner(Path snapshot) throws Exception {
        try (SnapshotFile file = SnapshotFile.open(snapshot);
                FileChannel channel = FileChannel.open(snapshot, StandardOpenOption.READ)) {
            SnapshotManifest.MemoryRange range = file.manifest().memory().get(0);
            return BannerSearch.choose(BannerSearch.candidates(channel, range.fileOffset(), range.guestPhysical(),
                    range.size())).orElseThrow();
        }
    }

    /** The first {@code count} all-zero pages in the upper half of memory, far above the kernel: free memory. */
    private static long[] freePages(int count) throws Exception {
        long[] pages = new long[count];
        int found = 0;
        try (SnapshotFile snapshot = SnapshotFile.open(gvm)) {
            SnapshotManifest.MemoryRange range = snapshot.manifest().memory().get(0);
            for (long page = range.guestPhysical() + range.size() / 2; found < count
                    && page + PAGE <= range.guestPhysical() + range.size(); page += PAGE) {
                if (isZero(snapshot.readPhysical(page, PAGE))) {
                    pages[found++] = page;
                }
            }
        }
        assertEquals(count, found, "free pages to plant in");
        return pages;
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long physical(long kernelAddress) throws Exception {
        try (SnapshotFile snapshot = SnapshotFile.open(gvm)) {
            VcpuState vcpu = snapshot.manifest().vcpu();
            return Mmu.fixedRoot(new SnapshotMemory(snapshot), vcpu.register("cr3"), false).translate(kernelAddress,
                    AccessType.READ);
        }
    }

    private static SnapshotManifest withoutCr3(SnapshotManifest m) {
        Map<String, Long> registers = new LinkedHashMap<>(m.vcpu().registers());
        registers.remove("cr3");
        VcpuState vcpu = new VcpuState(registers, m.vcpu().segments(), m.vcpu().gdt(), m.vcpu().idt(),
                m.vcpu().x87(), m.vcpu().xmm(), m.vcpu().source());
        return new SnapshotManifest(m.formatVersion(), m.source(), m.guest(), m.kernelBanner(), m.memory(),
                m.memorySha256(), vcpu, m.vcpus(), m.marker(), m.groundTruth(), m.takenAt());
    }
}
