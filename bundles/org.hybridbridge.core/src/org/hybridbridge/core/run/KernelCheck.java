package org.hybridbridge.core.run;

import java.nio.charset.StandardCharsets;

import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * Whether a snapshot runs a profile's kernel build, decided from the kernel itself: the bytes at
 * the profile's {@code linux_banner}, read through the snapshot's own kernel page tables (CR3
 * of its vCPU state), must be the profile's banner. The banner in the manifest is what the guest
 * said, or (an import) the "Linux version" line most frequent in its memory: an untrusted guest
 * can plant any number of those in its free pages, but cannot move its kernel's symbol. Only a
 * snapshot without page tables (paging off, no CR3) is left to the manifest's banner, and the
 * check says so.
 */
public final class KernelCheck {

    private static final long CR0_PG = 1L << 31;
    /** Longer than any banner: version, builder, compiler, linker, build number and date. */
    private static final int MAX_BANNER = 512;

    private KernelCheck() {
    }

    /**
     * @return how the kernel was recognised, in words for the user
     * @throws InvalidSnapshotException naming both banners when the snapshot runs another kernel
     */
    public static String checkMatches(KernelProfile profile, SnapshotFile snapshot) {
        VcpuState vcpu = snapshot.manifest().vcpu();
        Long cr0 = vcpu.registers().get("cr0");
        Long cr3 = vcpu.registers().get("cr3");
        if (cr0 == null || cr3 == null || (cr0 & CR0_PG) == 0) {
            profile.checkMatches(snapshot.manifest());
            return "by the banner in its manifest: its vCPU state has no page tables to read linux_banner through";
        }
        long address = profile.symbol("linux_banner");
        Mmu kernel = VcpuStates.kernelSpace(new SnapshotMemory(snapshot), vcpu);
        String banner = bannerAt(kernel, address, snapshot);
        if (!banner.equals(profile.banner())) {
            throw new InvalidSnapshotException("the snapshot's kernel (" + banner.strip() + ") is not this profile's ("
                    + profile.banner().strip() + ")");
        }
        return String.format("by linux_banner at 0x%x, read through the snapshot's page tables", address);
    }

    /** The printable line at {@code address} up to its newline, which ends every banner. */
    private static String bannerAt(Mmu kernel, long address, SnapshotFile snapshot) {
        byte[] bytes = new byte[MAX_BANNER];
        try {
            kernel.read(address, bytes);
        } catch (CpuException e) {
            throw new InvalidSnapshotException(String.format("%s does not map the profile's linux_banner (0x%x): "
                    + "not a guest of this kernel build", snapshot.path(), address), e);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return new String(bytes, 0, i + 1, StandardCharsets.US_ASCII);
            }
            if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
                break;
            }
        }
        throw new InvalidSnapshotException(String.format("%s holds no banner at the profile's linux_banner (0x%x): "
                + "not a guest of this kernel build", snapshot.path(), address));
    }
}
