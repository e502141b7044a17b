package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Privilege transitions and system registers, as SDM Vol. 2 specifies each instruction. */
class SystemSemanticsTest {

    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, R11 = 11;
    private static final int CS = 1, SS = 2, GS = 5;
    private static final long ENTRY = KERNEL_CODE + 0x800, GP_HANDLER = KERNEL_CODE + 0x300;

    private final LongModeFixture f = new LongModeFixture();

    @Test
    void syscallSwapgsSysretqRoundTrip() {
        f.cpu.setMsr(CpuState.MSR_LSTAR, ENTRY);
        f.code(USER_CODE, "0f05");            // syscall
        f.code(ENTRY, "0f01f8 0f01f8 480f07"); // swapgs; swapgs; sysretq
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setRflags(CpuState.IF | CpuState.DF | CpuState.ZF | CpuState.RF);
        f.cpu.setSegmentBase(GS, 0x1111);
        f.cpu.setKernelGsBase(0x2222);

        f.machine.step();
        assertEquals(ENTRY, f.cpu.rip());
        assertEquals(USER_CODE + 2, f.cpu.gpr(RCX));
        assertEquals(CpuState.IF | CpuState.DF | CpuState.ZF | CpuState.RFLAGS_FIXED, f.cpu.gpr(R11), "RF cleared");
        assertEquals(CpuState.ZF | CpuState.RFLAGS_FIXED, f.cpu.rflags(), "SFMASK clears IF and DF");
        assertEquals(KERNEL_CS, f.cpu.selector(CS));
        assertEquals(KERNEL_DS, f.cpu.selector(SS));
        assertEquals(SystemCallSemantics.KERNEL_CODE, f.cpu.segmentFlags(CS));
        assertEquals(USER_STACK_TOP, f.cpu.gpr(RSP), "syscall does not switch stacks");

        f.machine.step();
        assertEquals(0x2222, f.cpu.segmentBase(GS));
        assertEquals(0x1111, f.cpu.kernelGsBase());
        f.machine.step();

        f.cpu.setGpr(R11, f.cpu.gpr(R11) | CpuState.RF | 1L << 17 | 1L << 3);
        f.machine.step();
        assertEquals(USER_CODE + 2, f.cpu.rip());
        assertEquals(USER_CS, f.cpu.selector(CS));
        assertEquals(USER_DS, f.cpu.selector(SS));
        assertEquals(3, f.cpu.cpl());
        assertEquals(SystemCallSemantics.USER_CODE, f.cpu.segmentFlags(CS));
        assertEquals(CpuState.IF | CpuState.DF | CpuState.ZF | CpuState.RFLAGS_FIXED, f.cpu.rflags(),
                "RF, VM and reserved bits of R11 are not loaded");
        assertEquals(4, f.machine.instructionsRetired());
    }

    @Test
    void sysretqAtCpl3RaisesGeneralProtection() {
        f.gate(CpuException.GP, GP_HANDLER, 0xE, 0, 0, true);
        f.code(USER_CODE, "480f07");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.machine.step();
        assertEquals(GP_HANDLER, f.cpu.rip());
        assertEquals(0, f.read64(KERNEL_STACK_TOP - 48));
    }

    @Test
    void iretqToUserAndIntBackAndIretqToUserAgain() {
        long handler = KERNEL_CODE + 0x600;
        f.gate(0x80, handler, 0xE, 3, 0, true);
        f.code(KERNEL_CODE, "48cf");      // iretq
        f.code(USER_CODE, "cd80 90");     // int $0x80; nop
        f.code(handler, "48cf");          // iretq
        long kernelRsp = KERNEL_STACK_TOP - 0x40;
        long[] frame = { USER_CODE, USER_CS, CpuState.IF | CpuState.CF | CpuState.IOPL, USER_STACK_TOP - 0x18,
                USER_DS };
        for (int i = 0; i < frame.length; i++) {
            f.memory.write(kernelRsp + 8 * i, 8, frame[i]);
        }
        f.enterKernel(KERNEL_CODE, kernelRsp);

        f.machine.step();
        assertEquals(USER_CODE, f.cpu.rip());
        assertEquals(3, f.cpu.cpl());
        assertEquals(USER_DS, f.cpu.selector(SS));
        assertEquals(0x00AF_FB00, f.cpu.segmentFlags(CS), "the GDT descriptor's bits 8..23, as QEMU loads them");
        assertEquals(USER_STACK_TOP - 0x18, f.cpu.gpr(RSP));
        assertEquals(CpuState.IF | CpuState.CF | CpuState.IOPL | CpuState.RFLAGS_FIXED, f.cpu.rflags(),
                "IOPL and IF may change at CPL 0");

        f.machine.step();
        assertEquals(handler, f.cpu.rip());
        long trapFrame = KERNEL_STACK_TOP - 40;
        assertEquals(trapFrame, f.cpu.gpr(RSP));
        assertEquals(USER_CODE + 2, f.read64(trapFrame), "int n returns after itself");
        assertFalse(f.cpu.flag(CpuState.IF));

        f.machine.step();
        assertEquals(USER_CODE + 2, f.cpu.rip());
        assertEquals(USER_STACK_TOP - 0x18, f.cpu.gpr(RSP));
        assertEquals(USER_CS, f.cpu.selector(CS));
        assertTrue(f.cpu.flag(CpuState.IF));
        assertEquals(3, f.machine.instructionsRetired());
    }

    @Test
    void popfAtCpl3CannotChangeIfOrIopl() {
        f.code(USER_CODE, "9d");
        f.enterUser(USER_CODE, USER_STACK_TOP - 8);
        f.memory.write(USER_STACK_TOP - 8, 8, CpuState.IOPL | CpuState.CF | CpuState.AC);
        f.machine.step();
        assertEquals(CpuState.IF | CpuState.CF | CpuState.AC | CpuState.RFLAGS_FIXED, f.cpu.rflags());
        assertEquals(USER_STACK_TOP, f.cpu.gpr(RSP));
    }

    @Test
    void pushfClearsRfAndVmInTheImage() {
        f.code(USER_CODE, "9c");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setRflags(CpuState.IF | CpuState.RF | CpuState.SF);
        f.machine.step();
        assertEquals(CpuState.IF | CpuState.SF | CpuState.RFLAGS_FIXED, f.read64(USER_STACK_TOP - 8));
    }

    @Test
    void msrsTheModelLacksRaiseGeneralProtection() {
        f.gate(CpuException.GP, GP_HANDLER, 0xE, 0, 0, true);
        f.code(KERNEL_CODE, "0f30 0f32 0f32");  // wrmsr LSTAR; rdmsr LSTAR; rdmsr (unknown)
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(RCX, CpuState.MSR_LSTAR);
        f.cpu.setGpr(RAX, 0x8160_0000L);
        f.cpu.setGpr(RDX, 0xFFFF_FFFFL);
        f.machine.step();
        assertEquals(0xFFFF_FFFF_8160_0000L, f.cpu.msr(CpuState.MSR_LSTAR));
        f.cpu.setGpr(RAX, 0);
        f.cpu.setGpr(RDX, 0);
        f.machine.step();
        assertEquals(0x8160_0000L, f.cpu.gpr(RAX));
        assertEquals(0xFFFF_FFFFL, f.cpu.gpr(RDX));
        f.cpu.setGpr(RCX, 0x1234_5678);
        f.machine.step();
        assertEquals(GP_HANDLER, f.cpu.rip());
        assertEquals(KERNEL_CODE + 4, f.read64(f.cpu.gpr(RSP) + 8));
    }

    @Test
    void movToCr3FlushesTheTlbEvenWithTheSameValue() {
        f.code(KERNEL_CODE, "0f20d8 0f22d8"); // mov %cr3,%rax; mov %rax,%cr3
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        long pte = f.tables.entryOf(1, USER_DATA);
        assertDoesNotThrow(() -> f.machine.mmu().translate(USER_DATA, AccessType.READ));
        f.memory.write(pte, 8, 0x30_0000 | PageTables.P | PageTables.W);
        f.machine.step();
        assertEquals(f.tables.root(), f.cpu.gpr(RAX));
        f.machine.step();
        assertDoesNotThrow(() -> assertEquals(0x30_0000, f.machine.mmu().translate(USER_DATA, AccessType.READ)));
    }

    @Test
    void invlpgDropsOneTranslation() {
        f.code(KERNEL_CODE, "0f0138"); // invlpg (%rax)
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(RAX, USER_DATA + 0x10);
        assertDoesNotThrow(() -> f.machine.mmu().translate(USER_DATA, AccessType.READ));
        f.memory.write(f.tables.entryOf(1, USER_DATA), 8, 0x30_0000 | PageTables.P);
        f.machine.step();
        assertDoesNotThrow(() -> assertEquals(0x30_0000, f.machine.mmu().translate(USER_DATA, AccessType.READ)));
    }

    @Test
    void cpuidAndRdtscAnswerFromTheModel() {
        f.code(USER_CODE, "0fa2 0f31");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setGpr(RAX, 0);
        f.machine.step();
        assertEquals(0xD, f.cpu.gpr(RAX));
        assertEquals(0x6874_7541L, f.cpu.gpr(RBX));
        f.machine.step();
        assertEquals(1, f.cpu.gpr(RAX), "TSC = 0 + one instruction retired");
        assertEquals(0, f.cpu.gpr(RDX));
    }

    @Test
    void instructionsTheModelLacksAreInvalid() {
        long udHandler = KERNEL_CODE + 0x700;
        f.gate(CpuException.UD, udHandler, 0xE, 0, 0, true);
        for (String code : new String[] { "0f01f9", "0fc7f0", "0f01ca", "660f3800c1", "0fae20" }) {
            f.code(USER_CODE, code); // rdtscp, rdrand, clac, pshufb, xsave: none in qemu64
            f.enterUser(USER_CODE, USER_STACK_TOP);
            f.machine.step();
            assertEquals(udHandler, f.cpu.rip(), code);
        }
    }

    @Test
    void descriptorTableRegistersLoadAndStore() {
        f.code(KERNEL_CODE, "0f0110 0f0108 0f00d8 0f00c8");  // lgdt (%rax); sidt (%rax); ltr %ax; str %eax
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.memory.write(USER_DATA, 2, 0x4F);
        f.memory.write(USER_DATA + 2, 8, GDT);
        f.cpu.setGpr(RAX, USER_DATA);
        f.machine.step();
        assertEquals(GDT, f.cpu.gdtrBase());
        f.machine.step();
        assertEquals(0xFFF, f.memory.read(USER_DATA, 2));
        assertEquals(IDT, f.memory.read(USER_DATA + 2, 8));
        // make the TSS available again, as before a first ltr
        f.memory.write(GDT + TSS_SELECTOR, 8, f.read64(GDT + TSS_SELECTOR) & ~(2L << 40));
        f.cpu.setTr(0, 0, 0);
        f.cpu.setGpr(RAX, TSS_SELECTOR);
        f.machine.step();
        assertEquals(TSS, f.cpu.trBase());
        assertEquals(0x67, f.cpu.trLimit());
        assertEquals(0xB, f.read64(GDT + TSS_SELECTOR) >>> 40 & 0xF, "ltr marks the TSS busy");
        f.cpu.setGpr(RAX, -1);
        f.machine.step();
        assertEquals(TSS_SELECTOR, f.cpu.gpr(RAX));
    }

    @Test
    void fxsaveAndFxrstorMoveMxcsrXmmAndX87Bytes() {
        f.code(KERNEL_CODE, "480fae00 480fae08"); // fxsave64 (%rax); fxrstor64 (%rax)
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(RAX, USER_DATA);
        f.cpu.setMxcsr(0x1FA0);
        f.cpu.setXmm(15, 0, 0x0123_4567_89AB_CDEFL);
        f.cpu.setXmm(15, 1, 0x0F0F);
        f.machine.step();
        assertEquals(0x037F, f.memory.read(USER_DATA, 2), "FCW of the initial x87 state");
        assertEquals(0x1FA0, f.memory.read(USER_DATA + 24, 4));
        assertEquals(0xFFFF, f.memory.read(USER_DATA + 28, 4));
        assertEquals(0x0123_4567_89AB_CDEFL, f.memory.read(USER_DATA + 160 + 15 * 16, 8));
        assertEquals(0x0F0F, f.memory.read(USER_DATA + 168 + 15 * 16, 8));
        f.memory.write(USER_DATA, 2, 0x027F);
        f.memory.write(USER_DATA + 24, 4, 0x1F80);
        f.memory.write(USER_DATA + 160, 8, 42);
        f.machine.step();
        assertEquals(0x027F, f.cpu.x87()[0] & 0xFF | (f.cpu.x87()[1] & 0xFF) << 8);
        assertEquals(0x1F80, f.cpu.mxcsr());
        assertEquals(42, f.cpu.xmm(0, 0));
    }

    @Test
    void portInputReadsAllOnesAndUserSpaceNeedsIopl() {
        f.gate(CpuException.GP, GP_HANDLER, 0xE, 0, 0, true);
        f.code(KERNEL_CODE, "ec");  // in (%dx),%al
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(RAX, 0x1234);
        f.machine.step();
        assertEquals(0x12FF, f.cpu.gpr(RAX));
        f.code(USER_CODE, "ee");    // out %al,(%dx)
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.machine.step();
        assertEquals(GP_HANDLER, f.cpu.rip());
    }

    @Test
    void hltStopsTheRun() {
        f.code(KERNEL_CODE, "f4");
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        EngineError error = assertThrows(EngineError.class, f.machine::step);
        assertTrue(error.getMessage().startsWith("hlt at 0x100000"), error.getMessage());
    }

    @Test
    void repInsStoresAllOnesAndRepOutsReadsItsSource() {
        f.code(KERNEL_CODE, "f3 66 6d f3 6e"); // rep insw (%dx),%es:(%rdi); rep outsb %ds:(%rsi),(%dx)
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(7, USER_DATA);
        f.cpu.setGpr(RCX, 3);
        f.machine.step();
        assertEquals(0xFFFF_FFFF_FFFFL, f.memory.read(USER_DATA, 6));
        assertEquals(0, f.memory.read(USER_DATA + 6, 2));
        assertEquals(USER_DATA + 6, f.cpu.gpr(7));
        assertEquals(0, f.cpu.gpr(RCX));
        f.cpu.setGpr(6, USER_DATA + 0xFFE); // the third byte is on an unmapped page: #PF with progress kept
        f.cpu.setGpr(RCX, 3);
        f.gate(CpuException.PF, KERNEL_CODE + 0x100, 0xE, 0, 0, true);
        f.machine.step();
        assertEquals(KERNEL_CODE + 0x100, f.cpu.rip());
        assertEquals(USER_DATA + 0x1000, f.cpu.gpr(6));
        assertEquals(1, f.cpu.gpr(RCX));
        assertEquals(KERNEL_CODE + 3, f.read64(f.cpu.gpr(RSP) + 8), "the fault restarts the rep instruction");
    }

    @Test
    void privilegedAndReservedCasesFault() {
        f.gate(CpuException.GP, GP_HANDLER, 0xE, 0, 0, true);
        long udHandler = KERNEL_CODE + 0x700;
        f.gate(CpuException.UD, udHandler, 0xE, 0, 0, true);
        String[][] cases = { // code, mode, expected handler
                { "fa", "user", "gp" },          // cli at CPL 3, IOPL 0
                { "0f33", "kernel", "gp" },      // rdpmc: no counters
                { "0f01d0", "kernel", "ud" },    // xgetbv with CR4.OSXSAVE clear
                { "0f22c8", "kernel", "ud" },    // mov %rax,%cr1
                { "0f20d8", "user", "gp" },      // mov %cr3,%rax at CPL 3
                { "0f01f8", "user", "gp" },      // swapgs at CPL 3
                { "0fae10", "kernel", "gp" },    // ldmxcsr with a reserved bit
                { "0f30", "kernel", "gp" },      // wrmsr of a non-canonical LSTAR
        };
        for (String[] c : cases) {
            f.code(c[1].equals("user") ? USER_CODE : KERNEL_CODE, c[0]);
            if (c[1].equals("user")) {
                f.enterUser(USER_CODE, USER_STACK_TOP);
            } else {
                f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
            }
            f.cpu.setGpr(RAX, USER_DATA);
            f.memory.write(USER_DATA, 4, 0x1_0000);
            f.cpu.setGpr(RCX, CpuState.MSR_LSTAR);
            f.cpu.setGpr(RDX, 0x8000); // LSTAR 0x8000_0020_2000: bit 47 set, not sign-extended
            f.machine.step();
            assertEquals(c[2].equals("gp") ? GP_HANDLER : udHandler, f.cpu.rip(), c[0]);
        }
    }

    @Test
    void controlAndDebugRegistersRoundTrip() {
        f.code(KERNEL_CODE, "440f22c0 440f20c3 0f23f8 0f21e1"); // mov %rax,%cr8; mov %cr8,%rbx; mov %rax,%db7; mov %db4,%rcx
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(RAX, 0x1F);
        for (int i = 0; i < 4; i++) {
            f.machine.step();
        }
        assertEquals(0xF, f.cpu.gpr(RBX), "CR8 keeps the four priority bits");
        assertEquals(0x1F, f.cpu.dr(7));
        assertEquals(0xFFFF_0FF0L, f.cpu.gpr(RCX), "DR4 is DR6 while CR4.DE is clear");
    }
}
