package org.hybridbridge.taint;

import java.util.Arrays;
import java.util.StringJoiner;

import org.hybridbridge.x86.Register;
import org.hybridbridge.x86.exec.CpuState;

/**
 * The utility's sixteen general-purpose registers as its {@code syscall} instruction hands them
 * to the kernel: RCX is the return address and R11 the RFLAGS that {@code syscall} saved; the
 * others are the utility's own (RAX the call's number; RDI, RSI, RDX, R10, R8, R9 its arguments).
 * Slow-Bridge and Fast-Bridge both record them at every system call, so that one run can be
 * checked against the other, register by register (Fast-Bridge's lockstep test).
 *
 * @param gprs the registers in encoding order (RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8 ... R15)
 */
public record SyscallRegisters(long[] gprs) {

    private static final int GPRS = 16, RCX = 1, R11 = 11;
    /** The argument registers of the x86-64 system-call ABI, in order. */
    private static final int[] ARGUMENTS = { 7, 6, 2, 10, 8, 9 };

    public SyscallRegisters {
        if (gprs.length != GPRS) {
            throw new IllegalArgumentException(GPRS + " general-purpose registers expected, not " + gprs.length);
        }
        gprs = gprs.clone();
    }

    /** @return the registers of {@code cpu} as they are once {@code syscall} has run */
    public static SyscallRegisters of(CpuState cpu) {
        long[] gprs = new long[GPRS];
        for (int i = 0; i < GPRS; i++) {
            gprs[i] = cpu.gpr(i);
        }
        return new SyscallRegisters(gprs);
    }

    /**
     * @param cpu           the state at the {@code syscall} instruction, before it runs
     * @param returnAddress the address after that instruction
     * @return the registers as that {@code syscall} leaves them: RCX and R11 set, RF not saved
     */
    public static SyscallRegisters before(CpuState cpu, long returnAddress) {
        long[] gprs = of(cpu).gprs;
        gprs[RCX] = returnAddress;
        gprs[R11] = cpu.rflags() & ~CpuState.RF;
        return new SyscallRegisters(gprs);
    }

    @Override
    public long[] gprs() {
        return gprs.clone();
    }

    /** @return RDI, RSI, RDX, R10, R8 and R9 */
    public long[] arguments() {
        return Arrays.stream(ARGUMENTS).mapToLong(i -> gprs[i]).toArray();
    }

    /** @return the registers that differ from {@code other}'s, named, or an empty string */
    public String differences(SyscallRegisters other) {
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < GPRS; i++) {
            if (gprs[i] != other.gprs[i]) {
                names.add(name(i));
            }
        }
        return names.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SyscallRegisters registers && Arrays.equals(gprs, registers.gprs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gprs);
    }

    @Override
    public String toString() {
        StringJoiner all = new StringJoiner(" ");
        for (int i = 0; i < GPRS; i++) {
            all.add(name(i) + "=" + Long.toHexString(gprs[i]));
        }
        return all.toString();
    }

    private static String name(int number) {
        return Register.gpr(number, 64, true).attName();
    }
}
