package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hybridbridge.internal.kvm.guest.Cpl;
import org.hybridbridge.internal.kvm.guest.Layout;
import org.hybridbridge.internal.kvm.guest.LongModeGuest;
import org.junit.jupiter.api.Test;

/** kvm-hello-world in long mode: the guest computes 42 and writes it to a port. */
class KvmSmokeTest {

    private static final int PORT = 0xE9;
    private static final byte[] FORTY_TWO = {
            (byte) 0xB8, 0x28, 0x00, 0x00, 0x00, // mov eax, 40
            (byte) 0x83, (byte) 0xC0, 0x02,      // add eax, 2
            (byte) 0xE6, (byte) PORT,            // out 0xe9, al
    };

    @Test
    void computesAndWritesAtCpl0() {
        runFortyTwo(Cpl.CPL0);
    }

    @Test
    void computesAndWritesAtCpl3() {
        runFortyTwo(Cpl.CPL3);
    }

    /**
     * With {@code KVM_CAP_SYNC_REGS} the registers travel in {@code kvm_run}: read there after the
     * exit, and set there for the next run, which starts over at the code.
     */
    @Test
    void syncedRegistersAreReadAndLoadedThroughKvmRun() {
        KvmAssumptions.assumeKvm();
        try (Kvm kvm = Kvm.open();
                GuestMemory memory = GuestMemory.allocate(Layout.MEMORY_SIZE);
                KvmVm vm = kvm.createVm()) {
            assertEquals(7, kvm.checkExtension(Kvm.CAP_SYNC_REGS), "regs, sregs and events");
            assertTrue(kvm.syncsRegisters());
            LongModeGuest.load(memory, FORTY_TWO);
            vm.setUserMemoryRegion(Layout.MEMORY_SLOT, Layout.MEMORY_BASE, memory);
            try (KvmVcpu vcpu = vm.createVcpu(0)) {
                vcpu.setSregs(LongModeGuest.sregs(vcpu.getSregs(), Cpl.CPL3));
                vcpu.setRegs(LongModeGuest.entryRegs());
                vcpu.syncRegisters();

                assertInstanceOf(VcpuExit.IoOut.class, vcpu.run());
                assertEquals(42, vcpu.getRegs().rax());
                assertEquals(3, vcpu.getSregs().cs().selector() & 3);
                vcpu.setRegs(LongModeGuest.entryRegs());
                VcpuExit.IoOut again = assertInstanceOf(VcpuExit.IoOut.class, vcpu.run());

                assertArrayEquals(new byte[] { 42 }, again.data(), "the run started over at the code");
                assertEquals(Layout.CODE + FORTY_TWO.length, vcpu.getRegs().rip());
            }
        }
    }

    private static void runFortyTwo(Cpl cpl) {
        KvmAssumptions.assumeKvm();
        try (Kvm kvm = Kvm.open();
                GuestMemory memory = GuestMemory.allocate(Layout.MEMORY_SIZE);
                KvmVm vm = kvm.createVm()) {
            assertEquals(12, kvm.apiVersion());
            LongModeGuest.load(memory, FORTY_TWO);
            vm.setUserMemoryRegion(Layout.MEMORY_SLOT, Layout.MEMORY_BASE, memory);
            try (KvmVcpu vcpu = vm.createVcpu(0)) {
                vcpu.setSregs(LongModeGuest.sregs(vcpu.getSregs(), cpl));
                vcpu.setRegs(LongModeGuest.entryRegs());

                VcpuExit exit = vcpu.run();

                VcpuExit.IoOut out = assertInstanceOf(VcpuExit.IoOut.class, exit);
                assertEquals(PORT, out.port());
                assertEquals(1, out.size());
                assertArrayEquals(new byte[] { 42 }, out.data());
                assertEquals(42, vcpu.getRegs().rax());
                assertEquals(cpl.level(), vcpu.getSregs().cs().selector() & 3, "ran at the requested CPL");
            }
        }
    }
}
