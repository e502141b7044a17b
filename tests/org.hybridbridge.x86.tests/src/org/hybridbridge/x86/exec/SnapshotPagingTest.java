package org.hybridbridge.x86.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MMU on the guests' real page tables: what the kernel's symbols and the snapshot's
 * manifest say must be where the walk finds it, with the permissions Linux gave it.
 */
class SnapshotPagingTest {

    private static final long CR4_LA57 = 1L << 12;

    @ParameterizedTest
    @ValueSource(strings = { "svm-getpid", "gvm" })
    void kernelViewOfTheSnapshot(String name) throws IOException, CpuException {
        Path snapshot = Path.of("/work/snaps", name + ".hbsnap");
        Assumptions.assumeTrue(Files.isReadable(snapshot), snapshot + " does not exist (hb snapshot makes it)");
        KernelSymbols symbols = KernelSymbols.load();
        Assumptions.assumeTrue(!symbols.isEmpty(), "no kernel profile with kallsyms under " + KernelSymbols.PROFILES);
        SnapshotMachineState state = new SnapshotMachineState(snapshot);
        Mmu kernel = Mmu.fixedRoot(state.memory, state.cpu.cr(3), (state.cpu.cr(4) & CR4_LA57) != 0);

        long banner = symbols.address("linux_banner").orElseThrow();
        byte[] bytes = new byte[state.kernelBanner.length()];
        kernel.read(banner, bytes);
        assertEquals(state.kernelBanner, new String(bytes, StandardCharsets.US_ASCII));

        long directMap = kernel.read(symbols.address("page_offset_base").orElseThrow(), 8);
        assertEquals(0xFFFF_8880_0000_0000L, directMap, "page_offset_base without KASLR");
        assertEquals(0x0ABC_D123L, kernel.translate(directMap + 0x0ABC_D123L, AccessType.WRITE));

        long handler = symbols.address("asm_exc_page_fault").orElseThrow();
        assertDoesNotThrow(() -> kernel.translate(handler, AccessType.EXECUTE));
        CpuException dataIsNotCode = assertThrows(CpuException.class,
                () -> kernel.translate(banner, AccessType.EXECUTE));
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_FETCH, dataIsNotCode.errorCode(),
                "kernel data is mapped NX");
        CpuException textIsReadOnly = assertThrows(CpuException.class,
                () -> kernel.translate(handler, AccessType.WRITE));
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_WRITE, textIsReadOnly.errorCode());

        Mmu user = new Mmu(state.memory, state.cpu);
        assertEquals(3, state.cpu.cpl());
        CpuException supervisorOnly = assertThrows(CpuException.class, () -> user.read(banner, 1));
        assertEquals(CpuException.PF_PRESENT | CpuException.PF_USER, supervisorOnly.errorCode());
    }
}
