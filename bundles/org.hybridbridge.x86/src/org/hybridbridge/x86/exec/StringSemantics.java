package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.DF;
import static org.hybridbridge.x86.exec.CpuState.ZF;

import java.util.Arrays;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Register;

/**
 * The string instructions MOVS, STOS, LODS, CMPS and SCAS at every element size, alone or with
 * REP, REPE or REPNE. rSI is read through {@link MemoryRole#STRING_SOURCE} (DS, or the FS/GS
 * override), rDI through {@link MemoryRole#STRING_DESTINATION}.
 *
 * <p>A repeated instruction commits rCX, rSI and rDI after every element it completes, so when
 * an access faults the registers describe the elements done and the instruction restarts where
 * it stopped. REP MOVS and REP STOS going forward with 64-bit addresses move whole runs at a
 * time, as many elements as fit before either pointer crosses a page (a run faults as a whole),
 * and no more than the distance between overlapping source and destination (by linear address),
 * so the result is the same as element by element.
 */
public final class StringSemantics {

    private static final int RAX = 0, RCX = 1, RSI = 6, RDI = 7;
    private static final int PAGE_SIZE = 4096;

    private StringSemantics() {
    }

    /** Registers the string instructions in {@code set}: each execution runs them in its own {@link Run}. */
    public static void register(InstructionSet set) {
        set.define(LockPrefix.forbidden((instruction, execution) -> start(instruction, execution).movs()),
                Mnemonic.MOVS);
        set.define(LockPrefix.forbidden((instruction, execution) -> start(instruction, execution).stos()),
                Mnemonic.STOS);
        set.define(LockPrefix.forbidden((instruction, execution) -> start(instruction, execution).lods()),
                Mnemonic.LODS);
        set.define(LockPrefix.forbidden((instruction, execution) -> start(instruction, execution).compare(true)),
                Mnemonic.CMPS);
        set.define(LockPrefix.forbidden((instruction, execution) -> start(instruction, execution).compare(false)),
                Mnemonic.SCAS);
    }

    private static Run start(Instruction instruction, Execution execution) {
        return execution.stringRun().start(instruction, execution);
    }

    /**
     * One execution of a string instruction: its element size, pointers and counter. Reused by
     * every string instruction one {@link Execution} runs (a machine runs on one thread, and an
     * instruction ends before the next starts), with the buffer its block moves go through: a
     * string instruction allocates nothing.
     */
    static final class Run {

        /** A block move stays within a page of each pointer. */
        private final byte[] block = new byte[PAGE_SIZE];
        private Execution execution;
        private CpuState cpu;
        private int size;
        private int addressSize;
        private long step;
        private Register source;
        private Register destination;
        private Register counter;
        private long sourceBase;
        private boolean repeated;
        /** REPE (F3) repeats CMPS/SCAS while equal, REPNE (F2) while not. */
        private boolean repeatWhileEqual;

        Run start(Instruction instruction, Execution current) {
            this.execution = current;
            this.cpu = current.cpu();
            this.size = instruction.memoryOperands().get(0).bits() / 8;
            this.addressSize = instruction.addressSize();
            this.step = cpu.flag(DF) ? -size : size;
            this.source = Register.gpr(RSI, addressSize, false);
            this.destination = Register.gpr(RDI, addressSize, false);
            this.counter = Register.gpr(RCX, addressSize, false);
            this.sourceBase = 0;
            for (MemoryOperand memory : instruction.memoryOperands()) {
                if (memory.base() != null && memory.base().number() == RSI) {
                    this.sourceBase = current.segmentBase(memory.segment());
                    break;
                }
            }
            this.repeated = instruction.prefixes().rep() || instruction.prefixes().repne();
            this.repeatWhileEqual = instruction.prefixes().rep();
            return this;
        }

        void movs() throws CpuException {
            LinearMemory from = execution.memory(MemoryRole.STRING_SOURCE);
            LinearMemory to = execution.memory(MemoryRole.STRING_DESTINATION);
            if (!repeated) {
                to.write(destinationAddress(), size, from.read(sourceAddress(), size));
                advance(true, true, false);
                return;
            }
            writeBackWhenNothingToRepeat(true, true);
            while (count() != 0) {
                int elements = runLength(true);
                if (elements > 1) {
                    from.read(sourceAddress(), block, elements * size);
                    to.write(destinationAddress(), block, elements * size);
                    advanceBy(elements, true, true);
                } else {
                    to.write(destinationAddress(), size, from.read(sourceAddress(), size));
                    advance(true, true, true);
                }
            }
        }

        void stos() throws CpuException {
            LinearMemory to = execution.memory(MemoryRole.STRING_DESTINATION);
            long value = cpu.gpr(RAX);
            if (!repeated) {
                to.write(destinationAddress(), size, value);
                advance(false, true, false);
                return;
            }
            writeBackWhenNothingToRepeat(false, true);
            while (count() != 0) {
                int elements = runLength(false);
                if (elements > 1) {
                    int bytes = elements * size;
                    if (size == 1) {
                        Arrays.fill(block, 0, bytes, (byte) value);
                    } else {
                        for (int i = 0; i < bytes; i++) {
                            block[i] = (byte) (value >>> (8 * (i % size)));
                        }
                    }
                    to.write(destinationAddress(), block, bytes);
                    advanceBy(elements, false, true);
                } else {
                    to.write(destinationAddress(), size, value);
                    advance(false, true, true);
                }
            }
        }

        void lods() throws CpuException {
            LinearMemory from = execution.memory(MemoryRole.STRING_SOURCE);
            Register accumulator = Register.gpr(RAX, size * 8, false);
            if (!repeated) {
                execution.writeRegister(accumulator, from.read(sourceAddress(), size));
                advance(true, false, false);
                return;
            }
            writeBackWhenNothingToRepeat(false, false);
            while (count() != 0) {
                execution.writeRegister(accumulator, from.read(sourceAddress(), size));
                advance(true, false, true);
            }
        }

        /**
         * CMPS ({@code withSource}: [rSI] - [rDI]) or SCAS (rAX - [rDI]); REPE/REPNE stop on ZF.
         * When an access faults part-way, RFLAGS is put back as it was before the instruction,
         * as Intel processors do (measured): rCX, rSI and rDI still count the elements done.
         */
        void compare(boolean withSource) throws CpuException {
            LinearMemory from = execution.memory(MemoryRole.STRING_SOURCE);
            LinearMemory to = execution.memory(MemoryRole.STRING_DESTINATION);
            int bits = size * 8;
            if (!repeated) {
                compareOnce(withSource, from, to, bits);
                advance(withSource, true, false);
                return;
            }
            writeBackWhenNothingToRepeat(false, false);
            long flagsBefore = cpu.rflags();
            try {
                while (count() != 0) {
                    compareOnce(withSource, from, to, bits);
                    advance(withSource, true, true);
                    if (cpu.flag(ZF) != repeatWhileEqual) {
                        return;
                    }
                }
            } catch (CpuException e) {
                cpu.setRflags(flagsBefore);
                throw e;
            }
        }

        private void compareOnce(boolean withSource, LinearMemory from, LinearMemory to, int bits)
                throws CpuException {
            long left = withSource ? from.read(sourceAddress(), size) : Execution.mask(cpu.gpr(RAX), bits);
            long right = to.read(destinationAddress(), size);
            Flags.subtract(cpu, left, right, 0, bits);
        }

        /**
         * A repeat with a zero count moves nothing, but Intel processors still write the counter
         * and, for MOVS and STOS, the pointers: under a 67 prefix that clears their upper halves
         * (measured; LODS, CMPS and SCAS write only ECX).
         */
        private void writeBackWhenNothingToRepeat(boolean usesSource, boolean usesDestination) {
            if (count() != 0) {
                return;
            }
            execution.writeRegister(counter, 0);
            if (usesSource) {
                execution.writeRegister(source, execution.readRegister(source));
            }
            if (usesDestination) {
                execution.writeRegister(destination, execution.readRegister(destination));
            }
        }

        private long count() {
            return execution.readRegister(counter);
        }

        private long sourceAddress() {
            return sourceBase + execution.readRegister(source);
        }

        private long destinationAddress() {
            return execution.readRegister(destination);
        }

        /** Steps the pointers used past one element and counts it if repeated. */
        private void advance(boolean usesSource, boolean usesDestination, boolean counted) {
            if (usesSource) {
                execution.writeRegister(source, execution.readRegister(source) + step);
            }
            if (usesDestination) {
                execution.writeRegister(destination, execution.readRegister(destination) + step);
            }
            if (counted) {
                execution.writeRegister(counter, count() - 1);
            }
        }

        private void advanceBy(int elements, boolean usesSource, boolean usesDestination) {
            long distance = (long) elements * size;
            if (usesSource) {
                execution.writeRegister(source, execution.readRegister(source) + distance);
            }
            if (usesDestination) {
                execution.writeRegister(destination, execution.readRegister(destination) + distance);
            }
            execution.writeRegister(counter, count() - elements);
        }

        /**
         * @return how many elements can move as one run: within one page of each pointer,
         *         going forward with 64-bit addresses, not overtaking an overlapping source;
         *         1 means element by element
         */
        private int runLength(boolean usesSource) {
            if (step < 0 || addressSize != 64) {
                return 1;
            }
            long to = destinationAddress();
            long bytes = Math.min(Long.compareUnsigned(count(), PAGE_SIZE) > 0 ? PAGE_SIZE : count() * size,
                    PAGE_SIZE - (to & (PAGE_SIZE - 1)));
            if (usesSource) {
                long from = sourceAddress();
                bytes = Math.min(bytes, PAGE_SIZE - (from & (PAGE_SIZE - 1)));
                long ahead = to - from;
                if (ahead > 0 && ahead < bytes) {
                    bytes = ahead;
                }
            }
            return (int) Math.max(1, bytes / size);
        }
    }
}
