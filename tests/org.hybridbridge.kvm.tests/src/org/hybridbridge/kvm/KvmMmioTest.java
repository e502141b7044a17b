package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.hybridbridge.internal.kvm.guest.Cpl;
import org.hybridbridge.internal.kvm.guest.Layout;
import org.hybridbridge.internal.kvm.guest.LongModeGuest;
import org.hybridbridge.internal.kvm.guest.PageTables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A guest whose page tables map a 2 MiB page no memory slot backs: its load and store there
 * exit with {@code KVM_EXIT_MMIO}, and the load receives the value the VMM answers with.
 */
class KvmMmioTest {

    private static final long UNBACKED = Layout.MEMORY_BASE + Layout.MEMORY_SIZE;
    private static final long ANSWER = 0x1122_3344_5566_7788L;
    private static final byte[] LOAD_STORE_OUT = {
            0x48, (byte) 0x8B, 0x04, 0x25, 0x08, 0x00, 0x20, 0x00, // mov rax, [0x200008]
            (byte) 0x89, 0x04, 0x25, 0x10, 0x00, 0x20, 0x00,       // mov [0x200010], eax
            (byte) 0xE6, (byte) 0xE9,                              // out 0xe9, al
    };

    @ParameterizedTest
    @EnumSource(Cpl.class)
    void loadIsAnsweredByTheVmmAndStoreCarriesItsBytes(Cpl cpl) {
        KvmAssumptions.assumeKvm();
        try (Kvm kvm = Kvm.open();
                GuestMemory memory = GuestMemory.allocate(Layout.MEMORY_SIZE);
                KvmVm vm = kvm.createVm()) {
            LongModeGuest.load(memory, LOAD_STORE_OUT);
            memory.putBytes(Layout.PAGE_TABLES, PageTables.identityMap(Layout.PAGE_TABLES, 2 * Layout.MEMORY_SIZE));
            vm.setUserMemoryRegion(Layout.MEMORY_SLOT, Layout.MEMORY_BASE, memory);
            try (KvmVcpu vcpu = vm.createVcpu(0)) {
                vcpu.setSregs(LongModeGuest.sregs(vcpu.getSregs(), cpl));
                vcpu.setRegs(LongModeGuest.entryRegs());

                assertEquals(new VcpuExit.Mmio(UNBACKED + 8, 8, false, 0), vcpu.run());
                vcpu.completeMmioRead(ANSWER);
                assertEquals(new VcpuExit.Mmio(UNBACKED + 0x10, 4, true, ANSWER & 0xFFFF_FFFFL), vcpu.run());
                VcpuExit.IoOut out = assertInstanceOf(VcpuExit.IoOut.class, vcpu.run());

                assertArrayEquals(new byte[] { (byte) 0x88 }, out.data());
                assertEquals(ANSWER, vcpu.getRegs().rax());
            }
        }
    }
}
