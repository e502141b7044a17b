package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.BranchOperand;
import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.Register;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;

/**
 * What a {@link Semantic} works with: the CPU state, memory by role, and operand access that
 * knows the x86 rules (32-bit register writes zero-extend, 8- and 16-bit ones merge, AH..BH
 * are bits 8..15, FS/GS add their base, a 67 prefix truncates addresses to 32 bits).
 */
public final class Execution {

    private static final int RSP = 4;

    private final CpuState cpu;
    /** The machine executing, for the few semantics that need more than the CPU state; null outside one. */
    private final Machine machine;
    private MemoryRouter router;
    /**
     * Working space of semantics that would otherwise allocate per execution, one per execution
     * context: the semantics themselves are shared by every machine of a process and hold no state.
     */
    private ShiftSemantics.Shifted shifted;
    private StringSemantics.Run stringRun;

    /** An execution outside a machine: for semantics tested alone. */
    public Execution(CpuState cpu, MemoryRouter router) {
        this(null, cpu, router);
    }

    Execution(Machine machine, CpuState cpu, MemoryRouter router) {
        this.machine = machine;
        this.cpu = cpu;
        this.router = router;
    }

    public CpuState cpu() {
        return cpu;
    }

    /** @return the machine executing (semantics of system and identification instructions need it) */
    Machine machine() {
        return machine;
    }

    ShiftSemantics.Shifted shifted() {
        if (shifted == null) {
            shifted = new ShiftSemantics.Shifted();
        }
        return shifted;
    }

    StringSemantics.Run stringRun() {
        if (stringRun == null) {
            stringRun = new StringSemantics.Run();
        }
        return stringRun;
    }

    /** Replaces the router (Slow-Bridge installs its own per instruction). */
    public void setRouter(MemoryRouter router) {
        this.router = router;
    }

    public MemoryRouter router() {
        return router;
    }

    /** @return the memory that serves {@code role} for the current instruction */
    public LinearMemory memory(MemoryRole role) {
        return router.route(role);
    }

    /** @return the width in bits an operand is accessed at by {@code instruction} */
    public static int bits(Instruction instruction, Operand operand) {
        return switch (operand) {
            case RegisterOperand r -> r.register().bits();
            case ImmediateOperand i -> i.bits();
            case MemoryOperand m -> m.bits() != 0 ? m.bits() : instruction.operandSize();
            case BranchOperand b -> 64;
        };
    }

    /** @return the value of {@code operand}, zero-extended from its width */
    public long read(Instruction instruction, Operand operand) throws CpuException {
        return switch (operand) {
            case RegisterOperand r -> readRegister(r.register());
            case ImmediateOperand i -> i.unsignedValue();
            case MemoryOperand m -> memory(MemoryRole.OPERAND).read(effectiveAddress(instruction, m),
                    bits(instruction, m) / 8);
            case BranchOperand b -> b.target();
        };
    }

    /** Writes the low bits of {@code value} to {@code operand} at its width. */
    public void write(Instruction instruction, Operand operand, long value) throws CpuException {
        switch (operand) {
            case RegisterOperand r -> writeRegister(r.register(), value);
            case MemoryOperand m -> memory(MemoryRole.OPERAND).write(effectiveAddress(instruction, m),
                    bits(instruction, m) / 8, value);
            default -> throw new IllegalArgumentException("cannot write to " + operand);
        }
    }

    /**
     * @return the linear address of a memory operand: segment base (FS/GS only; the others are
     *         0 in long mode) + base + index * scale + displacement, truncated to 32 bits under
     *         a 67 prefix before the segment base is added
     */
    public long effectiveAddress(Instruction instruction, MemoryOperand m) {
        return offset(instruction, m) + segmentBase(m.segment());
    }

    /**
     * @return the offset part of a memory operand's address, without the segment base: what
     *         {@code lea} computes
     */
    public long offset(Instruction instruction, MemoryOperand m) {
        if (m.isRipRelative()) {
            return m.ripTarget();
        }
        long offset = m.displacement();
        if (m.base() != null) {
            offset += readRegister(m.base());
        }
        if (m.index() != null) {
            offset += readRegister(m.index()) * m.scale();
        }
        return instruction.addressSize() == 32 ? offset & 0xFFFF_FFFFL : offset;
    }

    /** @return the base of {@code segment} in long mode: FS and GS have one, the others are 0 */
    public long segmentBase(Register segment) {
        if (segment == Register.FS) {
            return cpu.segmentBase(4);
        }
        return segment == Register.GS ? cpu.segmentBase(5) : 0;
    }

    /** @return a general-purpose register at its width, zero-extended */
    public long readRegister(Register register) {
        if (register.kind() == RegisterKind.GPR_HIGH_BYTE) {
            return (cpu.gpr(register.number()) >>> 8) & 0xFF;
        }
        if (register.kind() != RegisterKind.GPR) {
            throw new IllegalArgumentException(register + " is not a general-purpose register");
        }
        return mask(cpu.gpr(register.number()), register.bits());
    }

    /** Writes a general-purpose register with the x86 merge and zero-extension rules. */
    public void writeRegister(Register register, long value) {
        int n = register.number();
        long old = cpu.gpr(n);
        if (register.kind() == RegisterKind.GPR_HIGH_BYTE) {
            cpu.setGpr(n, (old & ~0xFF00L) | ((value & 0xFF) << 8));
            return;
        }
        if (register.kind() != RegisterKind.GPR) {
            throw new IllegalArgumentException(register + " is not a general-purpose register");
        }
        cpu.setGpr(n, switch (register.bits()) {
            case 64 -> value;
            case 32 -> value & 0xFFFF_FFFFL;
            case 16 -> (old & ~0xFFFFL) | (value & 0xFFFF);
            default -> (old & ~0xFFL) | (value & 0xFF);
        });
    }

    /** Pushes the low {@code size} bytes (2 or 8) of {@code value} on the stack. */
    public void push(long value, int size) throws CpuException {
        long rsp = cpu.gpr(RSP) - size;
        memory(MemoryRole.STACK).write(rsp, size, value);
        cpu.setGpr(RSP, rsp);
    }

    /** Pops {@code size} bytes (2 or 8) from the stack, zero-extended. */
    public long pop(int size) throws CpuException {
        long rsp = cpu.gpr(RSP);
        long value = memory(MemoryRole.STACK).read(rsp, size);
        cpu.setGpr(RSP, rsp + size);
        return value;
    }

    /** @return {@code value} truncated to {@code bits}, zero-extended */
    public static long mask(long value, int bits) {
        return bits >= 64 ? value : value & ((1L << bits) - 1);
    }

    /** @return {@code value}'s low {@code bits} sign-extended to 64 */
    public static long signExtend(long value, int bits) {
        return bits >= 64 ? value : (value << (64 - bits)) >> (64 - bits);
    }
}
