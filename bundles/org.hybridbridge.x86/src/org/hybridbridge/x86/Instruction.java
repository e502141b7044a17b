package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One decoded x86-64 instruction: where it is, its bytes, its prefixes, its mnemonic and its
 * explicit operands in Intel order (destination first), each with the access the instruction
 * makes. Immutable. {@link #toString()} is the AT&T text of {@link AttSyntax}.
 */
public final class Instruction {

    /** The mnemonics that read or write the stack through RSP without naming it as an operand. */
    private static final Set<Mnemonic> IMPLICIT_STACK = EnumSet.of(Mnemonic.PUSH, Mnemonic.POP, Mnemonic.PUSHF,
            Mnemonic.POPF, Mnemonic.CALL, Mnemonic.RET, Mnemonic.LEAVE, Mnemonic.ENTER);

    private final long address;
    /** The bytes' length, kept apart: each step asks for the next address, the bytes are rarely read. */
    private final int length;
    private final byte[] bytes;
    private final Prefixes prefixes;
    private final Mnemonic mnemonic;
    private final int operandSize;
    private final int addressSize;
    private final List<Operand> operands;
    /** The memory operands, picked out once: the engine asks for them at every execution. */
    private final List<MemoryOperand> memoryOperands;
    private final OpcodeEntry entry;
    private final EncodingNotes notes;
    /**
     * What a client derives from this instruction once and keeps with it (the taint analysis's
     * propagation rule), so it is found without a lookup at every execution, by every machine that
     * shares this decode. Written racily, like {@link String#hashCode()}'s cache: it must be an
     * immutable object with final fields, and a lost race only costs deriving it again.
     */
    private Object attachment;

    Instruction(long address, byte[] bytes, Prefixes prefixes, int operandSize, int addressSize,
            List<Operand> operands, OpcodeEntry entry, Mnemonic mnemonic, EncodingNotes notes) {
        this.address = address;
        this.length = bytes.length;
        this.bytes = bytes.clone();
        this.prefixes = prefixes;
        this.mnemonic = mnemonic;
        this.operandSize = operandSize;
        this.addressSize = addressSize;
        this.operands = List.copyOf(operands);
        this.memoryOperands = operands.stream().filter(MemoryOperand.class::isInstance).map(MemoryOperand.class::cast)
                .toList();
        this.entry = entry;
        this.notes = notes;
    }

    /** @return the address of the first byte */
    public long address() {
        return address;
    }

    /** @return the number of bytes, prefixes included (1..15) */
    public int length() {
        return length;
    }

    /** @return the address of the instruction that follows */
    public long nextAddress() {
        return address + length;
    }

    /** @return a copy of the instruction's bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * @return whether the first {@code length} bytes of the instruction are the first of
     *         {@code window}: a cached instruction checked against memory without a copy
     */
    public boolean bytesMatch(byte[] window, int length) {
        return Arrays.equals(bytes, 0, length, window, 0, length);
    }

    /** @return the prefixes */
    public Prefixes prefixes() {
        return prefixes;
    }

    /** @return the mnemonic */
    public Mnemonic mnemonic() {
        return mnemonic;
    }

    /**
     * @return the effective operand-size attribute: 16, 32 or 64. Byte and fixed-size operands
     *         carry their own width ({@link Register#bits()}, {@link MemoryOperand#bits()}).
     */
    public int operandSize() {
        return operandSize;
    }

    /** @return the effective address size: 64, or 32 under a 67 prefix */
    public int addressSize() {
        return addressSize;
    }

    /** @return the explicit operands in Intel order (destination first) */
    public List<Operand> operands() {
        return operands;
    }

    /** @return the opcode table row the instruction was decoded from */
    OpcodeEntry entry() {
        return entry;
    }

    /** @return encoding details only the AT&T printer needs */
    EncodingNotes notes() {
        return notes;
    }

    /** @return the memory operands, including address-only ones ({@code lea}, {@code nopw}, prefetch) */
    public List<MemoryOperand> memoryOperands() {
        return memoryOperands;
    }

    /** @return whether any operand is a memory operand, address-only ones included */
    public boolean hasMemoryOperand() {
        return !memoryOperands.isEmpty();
    }

    /** @return the first memory operand, if any */
    public Optional<MemoryOperand> memoryOperand() {
        return memoryOperands.isEmpty() ? Optional.empty() : Optional.of(memoryOperands.get(0));
    }

    /** @return whether the instruction reads data through an explicit memory operand */
    public boolean readsMemory() {
        return anyMemoryOperand(m -> m.access().reads());
    }

    /** @return whether the instruction writes data through an explicit memory operand */
    public boolean writesMemory() {
        return anyMemoryOperand(m -> m.access().writes());
    }

    /**
     * @return the general-purpose registers the memory operands' addresses are computed from
     *         (bases and indexes; RIP is not included), in operand order, without repeats
     */
    public List<Register> effectiveAddressRegisters() {
        List<Register> registers = new ArrayList<>();
        for (MemoryOperand memory : memoryOperands()) {
            for (Register register : new Register[] { memory.base(), memory.index() }) {
                if (register != null && register.isGeneralPurpose() && !registers.contains(register)) {
                    registers.add(register);
                }
            }
        }
        return registers;
    }

    /** @return whether it pushes or pops: reads or writes the stack without naming it as an operand */
    public boolean usesStackImplicitly() {
        return IMPLICIT_STACK.contains(mnemonic);
    }

    /**
     * @return whether it reads or writes data in memory: through an explicit operand (address-only
     *         ones, {@code lea} or {@code nopw}, do not count) or through the stack implicitly
     */
    public boolean accessesMemory() {
        return usesStackImplicitly() || anyMemoryOperand(m -> m.access() != Access.ADDRESS);
    }

    /** @return whether a memory operand has RSP or RBP as its base (the stack or a frame) */
    public boolean isStackRelative() {
        return anyMemoryOperand(MemoryOperand::isStackRelative);
    }

    /** @return whether a memory operand is GS-relative (per-CPU data in the Linux kernel) */
    public boolean isGsRelative() {
        return anyMemoryOperand(MemoryOperand::isGsRelative);
    }

    /** A loop, not a stream: the engine asks these questions at every execution. */
    private boolean anyMemoryOperand(Predicate<MemoryOperand> test) {
        for (MemoryOperand memory : memoryOperands) {
            if (test.test(memory)) {
                return true;
            }
        }
        return false;
    }

    /** @return what a client attached ({@link #attach}), or {@code null} */
    public Object attachment() {
        return attachment;
    }

    /** Keeps {@code derived}, immutable with final fields, with this instruction (see {@link #attachment}). */
    public void attach(Object derived) {
        attachment = derived;
    }

    /** @return the instruction in AT&T syntax, as {@link AttSyntax#format(Instruction)} */
    @Override
    public String toString() {
        return AttSyntax.format(this);
    }
}
