package org.hybridbridge.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.HexFormat;
import java.util.TreeSet;

import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.kvm.VcpuExit;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.QemuCpuModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kernel code with privileged instructions, run deprivileged (at CPL3 on the engine standing in
 * for KVM, each trap handled by {@link KernelTraps}) and, as the reference, by the engine at CPL0
 * as the kernel believes it runs: both must end in the same registers and MSRs, while the vCPU
 * keeps running at CPL3 with the snapshot's CR4.
 */
class PrivilegedInstructionsTest {

    private static final long P = 1, W = 2, PS = 0x80;
    private static final long PML4 = 0x1000, PDPT = 0x2000, PD = 0x3000, PT = 0x4000, CODE = 0x10000;
    private static final long KERNEL_CODE = 0xFFFF_FFFF_8000_0000L;
    private static final long CR0 = 0x8005_0033L, CR4 = 0x6B0, CR4_PGE = 0x80, EFER = 0xD01;
    private static final int MSR_LSTAR = 0xC000_0082;
    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSI = 6, RDI = 7;

    /**
     * {@code cli; mov $0xc0000082,%ecx; mov $0x12345678,%eax; mov $0xffffffff,%edx; wrmsr;
     * xor %eax,%eax; xor %edx,%edx; rdmsr; mov %rax,%rbx; mov %cr4,%rax; mov %rax,%rsi;
     * xor $0x80,%rax; mov %rax,%cr4; mov %cr4,%rdi; sti; hlt}: 15 instructions before the hlt.
     */
    private static final String PROGRAM = "fa" + "b982 0000c0" + "b878563412" + "baffffffff" + "0f30" + "31c0"
            + "31d2" + "0f32" + "4889c3" + "0f20e0" + "4889c6" + "48358000 0000" + "0f22e0" + "0f20e7" + "fb" + "f4";
    private static final int INSTRUCTIONS_BEFORE_HLT = 15;

    private final GuestMemory memory = GuestMemory.allocate(1 << 20);

    @AfterEach
    void unmap() {
        memory.close();
    }

    @Test
    void deprivilegedKernelCodeEndsInTheStateTheEngineReachesAtCpl0() throws IOException {
        CpuState reference = runAtCpl0();
        loadProgram();

        CpuState deprivileged = kernelStateAtStart();
        SharedGuestRam ram = new SharedGuestRam(memory);
        Machine machine = new Machine(deprivileged, ram, new QemuCpuModel(0));
        KernelText text = new KernelText(machine.mmu().supervisorView(), address -> null);
        KernelUserBits userBits = new KernelUserBits(memory);
        userBits.markKernelHalf(PML4);
        Neutraliser neutraliser = new Neutraliser(text, null);
        SyscallGate gate = new SyscallGate(SyscallTable.parse(new StringReader(""), "no calls"), text,
                machine.mmu().supervisorView(), 0, false);
        ExitCounts exits = new ExitCounts();
        EngineVcpu guest = new EngineVcpu(ram, 0);
        DeprivilegedCpu vcpu = new DeprivilegedCpu(guest, deprivileged);
        SyscallEntryTrap entryTrap = new SyscallEntryTrap(0, false, machine.mmu().supervisorView());
        TimeStampSites noTimeStamps = new TimeStampSites(text, machine.mmu().supervisorView(), 0, 0, new TreeSet<>(),
                null);
        KernelTraps traps = new KernelTraps(machine, vcpu, text, userBits, neutraliser, gate, entryTrap, noTimeStamps,
                exits, null);
        vcpu.store();

        FastBridgeException stop = assertThrows(FastBridgeException.class, () -> {
            while (true) {
                assertInstanceOf(VcpuExit.Shutdown.class, guest.run());
                assertEquals(3, guest.getSregs().cs().dpl(), "the vCPU runs kernel code at CPL3");
                vcpu.load();
                traps.handle(guest.pendingException());
                vcpu.store();
                if (traps.takeTlbStale()) {
                    vcpu.flushTlb();
                }
            }
        });

        assertTrue(stop.getMessage().contains("hlt"), stop.getMessage());
        for (int register : new int[] { RAX, RCX, RDX, RBX, RSI, RDI }) {
            assertEquals(reference.gpr(register), deprivileged.gpr(register), "register " + register);
        }
        assertEquals(0x12345678L, deprivileged.gpr(RBX));
        assertEquals(0xFFFF_FFFFL, deprivileged.gpr(RDX));
        assertEquals(reference.msr(MSR_LSTAR), deprivileged.msr(MSR_LSTAR));
        assertEquals(CR4 ^ CR4_PGE, deprivileged.cr(4), "the kernel's own CR4 took the write");
        assertEquals(CR4, guest.getSregs().cr4(), "the vCPU's CR4 stays the snapshot's");
        assertEquals("90", HexFormat.of().formatHex(memory.getBytes(CODE, 1)), "cli became a nop");
        assertEquals(1, exits.byCause().get("#GP cli neutralised (first trap)"));
        assertEquals(1, exits.byCause().get("#GP wrmsr emulated"));
    }

    /** The reference: the engine runs the program at CPL0, as on the processor the kernel was built for. */
    private CpuState runAtCpl0() {
        loadProgram();
        CpuState cpu = kernelStateAtStart();
        cpu.setSegment(1, 0x10, 0, 0x00A0_9B00);
        cpu.setSegment(2, 0x18, 0, 0x00C0_9300);
        Machine machine = new Machine(cpu, new SharedGuestRam(memory), new QemuCpuModel(0));
        for (int i = 0; i < INSTRUCTIONS_BEFORE_HLT; i++) {
            machine.step();
        }
        return cpu;
    }

    private void loadProgram() {
        memory.putBytes(0, new byte[(int) CODE + 0x1000]);
        memory.putLong(PML4 + 8 * 511, PDPT | P | W);
        memory.putLong(PDPT + 8 * 510, PD | P | W);
        memory.putLong(PD, PT | P | W);
        memory.putLong(PT, CODE | P);
        memory.putLong(PD + 8, 0x200000 | P | W | PS);
        memory.putBytes(CODE, HexFormat.of().parseHex(PROGRAM.replace(" ", "")));
    }

    private static CpuState kernelStateAtStart() {
        CpuState cpu = new CpuState();
        cpu.setCr(0, CR0);
        cpu.setCr(3, PML4);
        cpu.setCr(4, CR4);
        cpu.setEfer(EFER);
        cpu.setRip(KERNEL_CODE);
        cpu.setMsr(MSR_LSTAR, 0xFFFF_FFFF_8100_0000L);
        return cpu;
    }
}
