package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Mmu;
import org.junit.jupiter.api.Test;

/**
 * The engine's MMU on the guests' real page tables: what the kernel profile's symbols and the
 * snapshot's manifest say must be where the walk finds it, with the permissions Linux gave it.
 */
class SnapshotPagingTest {

    private static final long CR4_LA57 = 1L << 12;

    @Test
    void kernelViewOfTheSvmSnapshot() throws Exception {
        assertKernelView(RunFixtures.profile(), RunFixtures.svm());
    }

    @Test
    void kernelViewOfTheGvmSnapshot() throws Exception {
        assertKernelView(RunFixtures.profile(), RunFixtures.gvm());
    }

    private static void assertKernelView(KernelProfile profile, Path snapshot) throws Exception {
        try (SnapshotFile file = SnapshotFile.open(snapshot)) {
            CpuState cpu = VcpuStates.toCpuState(file.manifest().vcpu());
            SnapshotMemory memory = new SnapshotMemory(file);
            Mmu kernel = Mmu.fixedRoot(memory, cpu.cr(3), (cpu.cr(4) & CR4_LA57) != 0);

            String expectedBanner = file.manifest().kernelBanner();
            long banner = profile.symbol("linux_banner");
            byte[] bytes = new byte[expectedBanner.length()];
            kernel.read(banner, bytes);
            assertEquals(expectedBanner, new String(bytes, StandardCharsets.US_ASCII));

            long directMap = kernel.read(profile.symbol("page_offset_base"), 8);
            assertEquals(0xFFFF_8880_0000_0000L, directMap, "page_offset_base without KASLR");
            assertEquals(0x0ABC_D123L, kernel.translate(directMap + 0x0ABC_D123L, AccessType.WRITE));

            long handler = profile.symbol("asm_exc_page_fault");
            assertDoesNotThrow(() -> kernel.translate(handler, AccessType.EXECUTE));
            CpuException dataIsNotCode = assertThrows(CpuException.class,
                    () -> kernel.translate(banner, AccessType.EXECUTE));
            assertEquals(CpuException.PF_PRESENT | CpuException.PF_FETCH, dataIsNotCode.errorCode(),
                    "kernel data is mapped NX");
            CpuException textIsReadOnly = assertThrows(CpuException.class,
                    () -> kernel.translate(handler, AccessType.WRITE));
            assertEquals(CpuException.PF_PRESENT | CpuException.PF_WRITE, textIsReadOnly.errorCode());

            Mmu user = new Mmu(memory, cpu);
            assertEquals(3, cpu.cpl(), "both snapshots stop at a user-mode marker");
            CpuException supervisorOnly = assertThrows(CpuException.class, () -> user.read(banner, 1));
            assertEquals(CpuException.PF_PRESENT | CpuException.PF_USER, supervisorOnly.errorCode());
        }
    }
}
