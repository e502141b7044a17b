package org.hybridbridge.fast;

import java.util.Arrays;
import java.util.function.Predicate;

import org.hybridbridge.x86.BranchOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Register;
import org.hybridbridge.x86.RegisterOperand;

/**
 * Makes the kernel's system-call entry and return run natively at CPL3 (DESIGN.md 3.4), in the
 * private copy of the text, before the start; the hardware LSTAR is then {@code entry_SYSCALL_64}
 * itself and a local system call takes no exit at all:
 * <ul>
 * <li>the {@code swapgs} that opens {@code entry_SYSCALL_64} is neutralised ({@link Neutraliser});</li>
 * <li>its first conditional jump to {@code swapgs_restore_regs_and_return_to_usermode} becomes a
 * {@code jmp}: every return to user space takes the {@code iretq} path, which returns to CS 0x33
 * natively, where {@code sysretq} would trap each time;</li>
 * <li>the move to GS in {@code asm_load_gs_index} becomes a no-op: a selector load at CPL3 would
 * reload the GS base and lose the kernel's per-CPU base (user GS is 0 in a static utility).</li>
 * </ul>
 */
final class NativeSyscallPath {

    /** entry_SYSCALL_64 is about 60 instructions up to its sysret checks. */
    private static final int SEARCH_LIMIT = 200;
    private static final byte NOP = (byte) 0x90, JMP_REL32 = (byte) 0xE9, JMP_REL8 = (byte) 0xEB, OPERAND_SIZE = 0x66;

    private NativeSyscallPath() {
    }

    static void install(KernelText text, Neutraliser neutraliser, long entrySyscall, long returnThroughIret,
            long loadGsIndex) {
        Instruction first = text.decode(entrySyscall);
        if (first.mnemonic() != Mnemonic.SWAPGS) {
            throw new FastBridgeException("entry_SYSCALL_64 does not begin with swapgs but " + first);
        }
        neutraliser.neutralise(first);
        Instruction sysretCheck = find(text, entrySyscall, i -> isConditionalJump(i)
                && i.operands().get(0) instanceof BranchOperand b && b.target() == returnThroughIret,
                "a conditional jump to swapgs_restore_regs_and_return_to_usermode");
        text.replace(sysretCheck, jump(sysretCheck, returnThroughIret));
        Instruction gsLoad = find(text, loadGsIndex, i -> i.mnemonic() == Mnemonic.MOV
                && i.operands().get(0) instanceof RegisterOperand r && r.register() == Register.GS, "mov to %gs");
        text.replace(gsLoad, noOperation(gsLoad.length()));
    }

    private static boolean isConditionalJump(Instruction instruction) {
        return instruction.mnemonic().name().startsWith("J") && instruction.mnemonic() != Mnemonic.JMP;
    }

    private static Instruction find(KernelText text, long start, Predicate<Instruction> wanted, String what) {
        long address = start;
        for (int i = 0; i < SEARCH_LIMIT; i++) {
            Instruction instruction = text.decode(address);
            if (wanted.test(instruction)) {
                return instruction;
            }
            address = instruction.nextAddress();
        }
        throw new FastBridgeException("no " + what + " in the " + SEARCH_LIMIT + " instructions from "
                + text.describe(start));
    }

    /** @return an unconditional jump to {@code target}, as long as {@code branch} */
    private static byte[] jump(Instruction branch, long target) {
        byte[] bytes = noOperation(branch.length());
        if (branch.length() == 2) {
            bytes[0] = JMP_REL8;
            bytes[1] = (byte) (target - branch.nextAddress());
            return bytes;
        }
        int displacement = Math.toIntExact(target - (branch.address() + 5));
        bytes[0] = JMP_REL32;
        for (int i = 0; i < 4; i++) {
            bytes[1 + i] = (byte) (displacement >>> 8 * i);
        }
        return bytes;
    }

    /** @return {@code nop}s, or {@code xchg %ax,%ax} (66 90) for two bytes */
    private static byte[] noOperation(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, NOP);
        if (length == 2) {
            bytes[0] = OPERAND_SIZE;
        }
        return bytes;
    }
}
