package org.hybridbridge.fast;

import java.util.HexFormat;
import java.util.function.LongFunction;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * The guest's private copy of the kernel's code, by kernel address: decoding the instruction at
 * an address (boundaries come from the decoder, never guessed) and replacing its bytes through
 * the page tables, physically, since text is read-only to the kernel but not to the VMM.
 */
final class KernelText {

    private static final int MAX_INSTRUCTION_LENGTH = 15;

    private final Mmu supervisor;
    private final PhysicalMemory ram;
    private final LongFunction<String> symbols;

    KernelText(Mmu supervisor, LongFunction<String> symbols) {
        this.supervisor = supervisor;
        this.ram = supervisor.physicalMemory();
        this.symbols = symbols;
    }

    /** @return the instruction at {@code address} */
    Instruction decode(long address) {
        byte[] window = new byte[MAX_INSTRUCTION_LENGTH];
        try {
            supervisor.read(address, window, AccessType.EXECUTE);
            return Decoder.decode(window, 0, address);
        } catch (CpuException e) {
            throw new FastBridgeException("cannot read the kernel code at " + describe(address) + ": "
                    + e.getMessage(), e);
        } catch (DecodeException e) {
            throw new FastBridgeException("cannot decode the kernel code at " + describe(address) + " ["
                    + HexFormat.ofDelimiter(" ").formatHex(e.bytes()) + "]: " + e.reason(), e);
        }
    }

    /** Writes {@code bytes}, exactly as long as {@code instruction}, over it. */
    void replace(Instruction instruction, byte[] bytes) {
        if (bytes.length != instruction.length()) {
            throw new IllegalArgumentException(bytes.length + " bytes cannot replace the " + instruction.length()
                    + " of " + instruction);
        }
        try {
            for (int i = 0; i < bytes.length; i++) { // one by one: an instruction may straddle two pages
                long physical = supervisor.translate(instruction.address() + i, AccessType.READ);
                ram.write(physical, 1, bytes[i]);
            }
        } catch (CpuException e) {
            throw new FastBridgeException("cannot patch the kernel code at " + describe(instruction.address()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return {@code 0xADDRESS <symbol+0xoffset>} */
    String describe(long address) {
        String symbol = symbols.apply(address);
        return String.format("%#x%s", address, symbol == null ? "" : " <" + symbol + ">");
    }
}
