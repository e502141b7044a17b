package org.hybridbridge.internal.kvm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** Checks the hand-assembled bytes where a slip would go unnoticed until the guest misbehaves. */
class CountedLoopTest {

    private final ByteBuffer code = ByteBuffer.wrap(CountedLoop.code()).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void readsTheCountFromTheLayoutsAddress() {
        assertEquals(Layout.LOOP_COUNT, code.getInt(4), "disp32 of mov rcx, [disp32]");
    }

    @Test
    void writesToItsPort() {
        assertEquals((byte) 0xE6, code.get(0x0D), "out imm8, al");
        assertEquals(CountedLoop.PORT, code.get(0x0E) & 0xFF);
    }

    @Test
    void branchesLandOnInstructionStarts() {
        assertEquals(0x08, 0x0D + code.get(0x0C), "jnz back to dec");
        assertEquals(0x00, 0x11 + code.get(0x10), "jmp back to mov");
        assertEquals(0x11, code.capacity());
    }

    @Test
    void countsTwoInstructionsPerIterationPlusThree() {
        assertEquals(5, CountedLoop.instructionsPerResumedRound(1));
        assertEquals(2_003, CountedLoop.instructionsPerResumedRound(1_000));
        assertThrows(IllegalArgumentException.class, () -> CountedLoop.instructionsPerResumedRound(0));
    }
}
