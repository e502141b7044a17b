package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Formats instructions in AT&T syntax the way GNU objdump 2.40 prints them with
 * {@code objdump -d --no-show-raw-insn}: the mnemonic padded to six columns, operand-size
 * suffixes only where no register operand implies the size ({@code movl $0x0,(%rax)}),
 * objdump's spellings ({@code movzbl}, {@code cltq}, {@code movabs}, {@code repz ret},
 * {@code notrack jmp}), prefixes with no effect as words ({@code data16 cs nopw}).
 *
 * <p>Branch targets and the {@code # target} comment of RIP-relative operands are printed as
 * objdump prints them for code without symbols ({@code call   0x401199}), or, given a symbol
 * lookup, as it prints them with symbols ({@code call   ffffffff81a03ef0 <do_syscall_64>}).
 * Deliberate difference: a REX prefix without effect is not printed as objdump's
 * {@code rex}/{@code rex.W} word.
 */
public final class AttSyntax {

    private static final int MNEMONIC_COLUMN = 6;

    private AttSyntax() {
    }

    /**
     * @param instruction the instruction
     * @return its AT&T text, e.g. {@code mov    %gs:0x1fbc0,%rax}
     */
    public static String format(Instruction instruction) {
        return format(instruction, address -> null);
    }

    /**
     * @param instruction the instruction
     * @param symbols     names an address as objdump would ({@code memcpy+0x10}), or returns
     *                    {@code null} where there is no symbol
     * @return its AT&T text, with branch and RIP-relative targets annotated as objdump does
     */
    public static String format(Instruction instruction, LongFunction<String> symbols) {
        StringBuilder text = new StringBuilder();
        for (String word : PrefixWords.of(instruction)) {
            text.append(word).append(' ');
        }
        text.append(AttMnemonics.of(instruction)).append(PrefixWords.branchHint(instruction));
        List<String> operands = operandTexts(instruction, symbols);
        if (operands.isEmpty()) {
            return text.toString();
        }
        while (text.length() < MNEMONIC_COLUMN) {
            text.append(' ');
        }
        text.append(' ').append(String.join(",", operands));
        instruction.memoryOperand().filter(MemoryOperand::isRipRelative)
                .ifPresent(m -> text.append("        # ").append(address(commentTarget(m), symbols)));
        return text.toString();
    }

    private static List<String> operandTexts(Instruction instruction, LongFunction<String> symbols) {
        List<String> texts = new ArrayList<>();
        boolean indirect = instruction.entry().has(OpcodeEntry.FLAG_INDIRECT_BRANCH);
        List<OperandSpec> specs = instruction.entry().operands();
        for (int i = 0; i < instruction.operands().size(); i++) {
            Operand operand = instruction.operands().get(i);
            OperandSpec spec = specs.get(i);
            boolean port = spec.fixedRegister() == Register.DX;
            String text = port ? "(%dx)"
                    : operand instanceof BranchOperand b ? address(b.target(), symbols)
                    : operand instanceof MemoryOperand m && spec.usesModRm() && instruction.notes().sibWithoutIndex()
                            ? memoryWithZeroIndex(m, instruction.addressSize())
                            : operand(operand, instruction.addressSize());
            texts.add((indirect ? "*" : "") + text);
        }
        if (!instruction.entry().has(OpcodeEntry.FLAG_INTEL_ORDER)) {
            Collections.reverse(texts);
        }
        return texts;
    }

    /**
     * @param operand     an operand
     * @param addressSize the instruction's address size, which bounds an absolute address
     * @return the operand in AT&T syntax
     */
    static String operand(Operand operand, int addressSize) {
        return switch (operand) {
            case RegisterOperand r -> "%" + r.register().attName();
            case ImmediateOperand i -> "$0x" + Long.toHexString(i.unsignedValue());
            case BranchOperand b -> "0x" + Long.toHexString(b.target());
            case MemoryOperand m -> memory(m, addressSize);
        };
    }

    /** objdump computes an EIP-relative target in 64 bits, sign-extending the 32-bit address. */
    private static long commentTarget(MemoryOperand m) {
        return m.base() == Register.EIP ? (int) m.ripTarget() : m.ripTarget();
    }

    private static String address(long address, LongFunction<String> symbols) {
        String symbol = symbols.apply(address);
        return symbol == null ? "0x" + Long.toHexString(address) : Long.toHexString(address) + " <" + symbol + ">";
    }

    /**
     * A SIB byte without index: objdump names the absent index {@code %riz} ({@code %eiz}), except
     * in the plain forms {@code (%rsp)}, {@code (%r12)} and an absolute address with scale 1.
     */
    private static String memoryWithZeroIndex(MemoryOperand m, int addressSize) {
        boolean plain = m.scale() == 1 && (m.base() == null || (m.base().number() & 7) == 4);
        String text = memory(m, addressSize);
        if (plain) {
            return text;
        }
        String zero = ",%" + (addressSize == 64 ? "riz" : "eiz") + "," + m.scale() + ")";
        if (m.base() == null) {
            // absolute form 0x10 becomes 0x10(,%riz,2)
            return text + "(" + zero;
        }
        return text.substring(0, text.length() - 1) + zero;
    }

    private static String memory(MemoryOperand m, int addressSize) {
        String segment = m.segment() == null ? "" : "%" + m.segment().attName() + ":";
        if (m.base() == null && m.index() == null) {
            long absolute = addressSize == 64 ? m.displacement() : m.displacement() & 0xFFFF_FFFFL;
            return segment + "0x" + Long.toHexString(absolute);
        }
        StringBuilder text = new StringBuilder(segment);
        if (m.displacementSize() > 0) {
            long displacement = m.displacement();
            text.append(displacement < 0 ? "-0x" + Long.toHexString(-displacement) : "0x" + Long.toHexString(displacement));
        }
        text.append('(');
        if (m.base() != null) {
            text.append('%').append(m.base().attName());
        }
        if (m.index() != null) {
            text.append(",%").append(m.index().attName()).append(',').append(m.scale());
        }
        return text.append(')').toString();
    }

    static String lower(Mnemonic mnemonic) {
        return mnemonic.name().toLowerCase(Locale.ROOT);
    }
}
