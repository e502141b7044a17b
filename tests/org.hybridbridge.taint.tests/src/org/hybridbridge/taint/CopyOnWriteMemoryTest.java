package org.hybridbridge.taint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The overlay of a snapshot's memory: writes are seen, the base is never written. */
class CopyOnWriteMemoryTest {

    private ArrayMemory base;
    private byte[] original;
    private CopyOnWriteMemory overlay;

    @BeforeEach
    void baseWithAPattern() {
        base = new ArrayMemory(4 * 4096);
        for (int i = 0; i < base.bytes.length; i++) {
            base.bytes[i] = (byte) (i * 7);
        }
        original = base.bytes.clone();
        overlay = new CopyOnWriteMemory(base);
    }

    @Test
    void writesAreReadBackAndNeverReachTheBase() {
        overlay.write(0x1008, 8, 0x1122334455667788L);
        overlay.write(0x2000, new byte[] { 1, 2, 3 }, 0, 3);

        assertEquals(0x1122334455667788L, overlay.read(0x1008, 8));
        assertEquals(0x030201, overlay.read(0x2000, 4) & 0xFFFFFF);
        assertEquals(original[0x1010] & 0xFF, overlay.read(0x1010, 1), "the rest of the page is the base's");
        assertArrayEquals(original, base.bytes);
        assertEquals(0, base.writes);
        assertEquals(2, overlay.copiedPages());
    }

    @Test
    void everyWriteMovesItsPagesGenerationAndOnlyTheirs() {
        assertEquals(0, overlay.writeGeneration(1), "a page never written is the base's, which never changes");
        overlay.write(0x1008, 8, 1);
        long once = overlay.writeGeneration(1);
        overlay.write(0x1ffe, 4, 2); // across into page 2
        overlay.write(0x1000, new byte[] { 3 }, 0, 1);

        assertEquals(0, overlay.writeGeneration(0));
        assertEquals(0, overlay.writeGeneration(3));
        assertNotEquals(0, once);
        assertNotEquals(once, overlay.writeGeneration(1));
        assertNotEquals(0, overlay.writeGeneration(2));
        long written = overlay.writeGeneration(1);
        overlay.read(0x1000, 8);
        assertEquals(written, overlay.writeGeneration(1), "a read counts nothing");
    }

    @Test
    void accessesAcrossAPageBoundarySplitBetweenCopyAndBase() {
        overlay.write(0xffc, 8, 0x0102030405060708L);

        assertEquals(0x0102030405060708L, overlay.read(0xffc, 8));
        byte[] spanning = new byte[16];
        overlay.read(0xff8, spanning, 0, 16);
        assertEquals(original[0xff8], spanning[0]);
        assertEquals(0x08, spanning[4]);
        assertEquals(0x01, spanning[11]);
        assertEquals(original[0x1004], spanning[12]);
        assertEquals(2, overlay.copiedPages());
        assertArrayEquals(original, base.bytes);
    }

    @Test
    void writesBeyondTheRamAreDroppedAsOnTheBus() {
        overlay.write(4 * 4096 + 16, 4, 0xdeadbeefL);

        assertEquals(0xFFFFFFFFL, overlay.read(4 * 4096 + 16, 4));
        assertEquals(0, overlay.copiedPages());
    }
}
