package org.hybridbridge.x86.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.junit.jupiter.api.Test;

/**
 * REP MOVS and REP STOS move page-sized runs, not one access per element: a 4 KiB
 * {@code rep movsb} is a handful of block accesses. (What they compute is checked against the
 * CPU by {@link NativeOracleTest}.)
 */
class StringRunTest {

    private static final int RCX = 1, RSI = 6, RDI = 7;

    /** Memory at linear 0..size that counts element and block accesses. */
    private static final class CountingMemory implements LinearMemory {
        final byte[] bytes = new byte[0x8000];
        int elementAccesses;
        int blockAccesses;

        @Override
        public long read(long address, int size) {
            elementAccesses++;
            long value = 0;
            for (int i = size - 1; i >= 0; i--) {
                value = value << 8 | (bytes[(int) address + i] & 0xFF);
            }
            return value;
        }

        @Override
        public void write(long address, int size, long value) {
            elementAccesses++;
            for (int i = 0; i < size; i++) {
                bytes[(int) address + i] = (byte) (value >>> (8 * i));
            }
        }

        @Override
        public void read(long address, byte[] target, int length) {
            blockAccesses++;
            System.arraycopy(bytes, (int) address, target, 0, length);
        }

        @Override
        public void write(long address, byte[] source, int length) {
            blockAccesses++;
            System.arraycopy(source, 0, bytes, (int) address, length);
        }
    }

    @Test
    void repMovsbOfAPageIsOneBlockReadAndWrite() throws Exception {
        CountingMemory memory = new CountingMemory();
        for (int i = 0; i < 4096; i++) {
            memory.bytes[0x1000 + i] = (byte) (i * 7);
        }
        CpuState cpu = run(memory, "f3a4", 4096, 0x1000, 0x3000);
        assertArrayEquals(Arrays.copyOfRange(memory.bytes, 0x1000, 0x2000), Arrays.copyOfRange(memory.bytes, 0x3000,
                0x4000));
        assertEquals(2, memory.blockAccesses);
        assertEquals(0, memory.elementAccesses);
        assertEquals(0, cpu.gpr(RCX));
        assertEquals(0x2000, cpu.gpr(RSI));
        assertEquals(0x4000, cpu.gpr(RDI));
    }

    @Test
    void unalignedRunsStopAtEachPageBoundary() throws Exception {
        CountingMemory memory = new CountingMemory();
        // rep stosq: 1000 quadwords from 0x1010, crossing two page boundaries
        CpuState cpu = run(memory, "f348ab", 1000, 0, 0x1010);
        assertEquals(0x1010 + 8000, cpu.gpr(RDI));
        assertTrue(memory.blockAccesses <= 3, memory.blockAccesses + " blocks");
        assertEquals(0, memory.elementAccesses);
        for (int i = 0x1010; i < 0x1010 + 8000; i++) {
            assertEquals((byte) 0xAB, memory.bytes[i], "byte " + Integer.toHexString(i));
        }
    }

    private static CpuState run(LinearMemory memory, String hex, long count, long source, long destination)
            throws Exception {
        InstructionSet set = new InstructionSet();
        StringSemantics.register(set);
        CpuState cpu = new CpuState();
        cpu.setGpr(0, 0xABAB_ABAB_ABAB_ABABL);
        cpu.setGpr(RCX, count);
        cpu.setGpr(RSI, source);
        cpu.setGpr(RDI, destination);
        Instruction instruction = Decoder.decode(HexFormat.of().parseHex(hex), 0, 0x100);
        set.lookup(instruction).orElseThrow().execute(instruction, new Execution(cpu, role -> memory));
        return cpu;
    }
}
