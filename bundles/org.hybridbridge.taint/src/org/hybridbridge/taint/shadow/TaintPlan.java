package org.hybridbridge.taint.shadow;

import static org.hybridbridge.x86.Mnemonic.INS;
import static org.hybridbridge.x86.Mnemonic.MOVS;
import static org.hybridbridge.x86.Mnemonic.STOS;

import java.util.Arrays;

import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.exec.CpuState;

/**
 * The label changes of one instruction, planned by the {@link TaintTracker} before it executes
 * and applied after it: a short list of changes in a small vocabulary (PANDA's: set a register,
 * set memory bytes; and the string instructions' element-wise copy, which needs RCX as the
 * instruction left it), kept in arrays reused for every instruction so propagating taint
 * allocates nothing. Register writes go to {@link ShadowRegisters} byte by byte.
 */
final class TaintPlan {

    private static final int RAX = 0, RCX = 1;
    private static final int REGISTER = 0, MEMORY = 1;

    /** The tracker's register labels, which the plan changes. */
    private final ShadowRegisters registers;
    private int count;
    private int[] kinds = new int[4];
    private int[] labels = new int[4];
    private int[] numbers = new int[4];
    private int[] offsets = new int[4];
    private ShadowMemory[] shadows = new ShadowMemory[4];
    private long[] addresses = new long[4];
    private int[] sizes = new int[4];

    private Mnemonic string;
    private MemoryAccess source;
    private ShadowMemory sourceShadow;
    private MemoryAccess destination;
    private ShadowMemory destinationShadow;
    private boolean repeated;
    private long countBefore;
    private int direction;
    private int accumulator;

    TaintPlan(ShadowRegisters registers) {
        this.registers = registers;
    }

    /** Starts the plan of the next instruction: no changes. */
    void start() {
        count = 0;
        string = null;
    }

    /** Bytes {@code [offset, offset + width)} of register {@code number} get {@code label}, as a write of that width. */
    void register(int number, int offset, int width, int label) {
        int i = add(REGISTER, label);
        numbers[i] = number;
        offsets[i] = offset;
        sizes[i] = width;
    }

    /** General-purpose register {@code number}, all of it, gets {@code label}. */
    void fullRegister(int number, int label) {
        register(number, 0, 8, label);
    }

    /** Each byte of {@code [address, address + size)} of {@code shadow} gets {@code label}. */
    void memory(ShadowMemory shadow, long address, int size, int label) {
        int i = add(MEMORY, label);
        shadows[i] = shadow;
        addresses[i] = address;
        sizes[i] = size;
    }

    /**
     * Moves, stores, loads of string elements ({@code source} or {@code destination} is
     * {@code null} where the instruction has none); with a repeat prefix, as many as RCX went down.
     *
     * @param direction   1, or -1 when DF was set
     * @param accumulator the label of the element's bytes of RAX before the instruction (what {@code stos} stores)
     */
    void string(Mnemonic mnemonic, MemoryAccess source, ShadowMemory sourceShadow, MemoryAccess destination,
            ShadowMemory destinationShadow, boolean repeated, long countBefore, int direction, int accumulator) {
        this.string = mnemonic;
        this.source = source;
        this.sourceShadow = sourceShadow;
        this.destination = destination;
        this.destinationShadow = destinationShadow;
        this.repeated = repeated;
        this.countBefore = countBefore;
        this.direction = direction;
        this.accumulator = accumulator;
    }

    /** Applies the changes in the order they were planned; {@code after} is the state the instruction left. */
    void apply(CpuState after) {
        for (int i = 0; i < count; i++) {
            if (kinds[i] == REGISTER) {
                registers.write(numbers[i], offsets[i], sizes[i], labels[i]);
            } else {
                shadows[i].set(addresses[i], sizes[i], labels[i]);
            }
        }
        if (string != null) {
            applyString(after);
        }
    }

    private void applyString(CpuState after) {
        long elements = repeated ? countBefore - after.gpr(RCX) : 1;
        for (long element = 0; element < elements; element++) {
            if (string == MOVS) {
                destinationShadow.copy(sourceShadow, source.address() + direction * element * source.size(),
                        destination.address() + direction * element * destination.size(), destination.size());
            } else if (string == STOS || string == INS) {
                destinationShadow.set(destination.address() + direction * element * destination.size(),
                        destination.size(), string == STOS ? accumulator : 0);
            } else { // LODS
                registers.write(RAX, 0, source.size(), sourceShadow.label(
                        source.address() + direction * element * source.size(), source.size()));
            }
        }
    }

    private int add(int kind, int label) {
        if (count == kinds.length) {
            int length = 2 * count;
            kinds = Arrays.copyOf(kinds, length);
            labels = Arrays.copyOf(labels, length);
            numbers = Arrays.copyOf(numbers, length);
            offsets = Arrays.copyOf(offsets, length);
            shadows = Arrays.copyOf(shadows, length);
            addresses = Arrays.copyOf(addresses, length);
            sizes = Arrays.copyOf(sizes, length);
        }
        kinds[count] = kind;
        labels[count] = label;
        return count++;
    }
}
