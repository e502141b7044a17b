package org.hybridbridge.taint;

import java.util.HexFormat;

import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.QemuCpuModel;

/**
 * A machine in 64-bit user mode running a small program: the first 2 MiB identity-mapped by one
 * large user page (PML4 at 0x1000, PDPT at 0x2000, PD at 0x3000), the program at {@link #CODE},
 * no kernel behind it (no IDT): enough for what Slow-Bridge does without entering the kernel. A
 * program may have a stand-in kernel at {@link #KERNEL}: {@code syscall} enters it at CPL0 and its
 * {@code sysretq} returns (no GDT needed: both load fixed segment attributes).
 */
final class UserProgram {

    static final long CODE = 0x100000;
    static final long KERNEL = 0x180000;
    /** syscall loads CS 0x10 (kernel code); sysretq loads CS 0x23 + 16 | 3 = 0x33, SS 0x2b, as Linux has it. */
    private static final long STAR = 0x0023_0010L << 32;
    private static final long PRESENT = 1, WRITABLE = 2, USER = 4, LARGE = 0x80;
    private static final long CR0_PE = 1, CR0_WP = 1 << 16, CR0_PG = 1L << 31, CR4_PAE = 1 << 5;
    private static final long EFER_SCE = 1, EFER_LME = 1 << 8, EFER_LMA = 1 << 10;
    /** User code and stack segments as QEMU keeps them for Linux (selectors 0x33 and 0x2b). */
    private static final int USER_CODE_FLAGS = 0xA0FB00, USER_DATA_FLAGS = 0xC0F300;

    private UserProgram() {
    }

    /** @param hex the program's bytes, loaded at {@link #CODE} */
    static Machine load(String hex) {
        ArrayMemory memory = new ArrayMemory(4 << 20);
        memory.write(0x1000, 8, 0x2000 | PRESENT | WRITABLE | USER);
        memory.write(0x2000, 8, 0x3000 | PRESENT | WRITABLE | USER);
        memory.write(0x3000, 8, LARGE | PRESENT | WRITABLE | USER);
        byte[] code = HexFormat.of().parseHex(hex);
        memory.write(CODE, code, 0, code.length);
        CpuState cpu = new CpuState();
        cpu.setCr(0, CR0_PE | CR0_WP | CR0_PG);
        cpu.setCr(3, 0x1000);
        cpu.setCr(4, CR4_PAE);
        cpu.setEfer(EFER_SCE | EFER_LME | EFER_LMA);
        cpu.setSegment(1, 0x33, 0, USER_CODE_FLAGS);
        cpu.setSegment(2, 0x2b, 0, USER_DATA_FLAGS);
        cpu.setGpr(4, 0x1ff000);
        cpu.setRip(CODE);
        return new Machine(cpu, memory, new QemuCpuModel(0));
    }

    /** @param kernelHex the code every {@code syscall} enters (at CPL0), loaded at {@link #KERNEL} */
    static Machine load(String hex, String kernelHex) {
        Machine machine = load(hex);
        byte[] kernel = HexFormat.of().parseHex(kernelHex);
        machine.physicalMemory().write(KERNEL, kernel, 0, kernel.length);
        machine.cpu().setMsr(CpuState.MSR_STAR, STAR);
        machine.cpu().setMsr(CpuState.MSR_LSTAR, KERNEL);
        return machine;
    }
}
