package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** What the decoder does not know, it says so, with the address and the bytes. */
class DecodeErrorTest {

    private static DecodeException reject(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        return assertThrows(DecodeException.class, () -> Decoder.decode(bytes, 0, 0x401000));
    }

    @Test
    void vexIsReportedNotGuessed() {
        DecodeException e = reject("c5f9efc0"); // vpxor %xmm0,%xmm0,%xmm0
        assertTrue(e.getMessage().contains("VEX"), e.getMessage());
        assertTrue(e.getMessage().contains("401000"), e.getMessage());
        assertTrue(e.getMessage().contains("c5 f9 ef c0"), e.getMessage());
        assertEquals(0x401000, e.address());
    }

    @Test
    void evexIsReported() {
        assertTrue(reject("62f1fd486f00").getMessage().contains("EVEX"));
    }

    @Test
    void x87IsAnUnknownOpcode() {
        assertTrue(reject("d8c1").getMessage().contains("unknown opcode")); // fadd %st(1),%st
    }

    @Test
    void groupRowThatDoesNotExistIsRejected() {
        // FF /7 is undefined
        assertTrue(reject("fff8").getMessage().contains("no instruction"));
    }

    @Test
    void registerFormOfAMemoryOnlyRowIsRejected() {
        assertTrue(reject("8dc0").getMessage().contains("no instruction")); // lea with mod 11
    }

    @Test
    void truncatedInstructionIsRejectedWithItsBytes() {
        DecodeException e = reject("488b05");
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
        assertArrayEquals(new byte[] { 0x48, (byte) 0x8b, 0x05 }, e.bytes());
    }

    @Test
    void moreThanFifteenBytesIsRejected() {
        assertTrue(reject("66666666666666666666666666666690").getMessage().contains("15 bytes"));
    }

    @Test
    void decodesAtAnOffsetInsideTheBuffer() throws DecodeException {
        byte[] code = HexFormat.of().parseHex("90c3");
        Instruction ret = Decoder.decode(code, 1, 0x401001);
        assertEquals(Mnemonic.RET, ret.mnemonic());
        assertEquals(0x401002, ret.nextAddress());
    }
}
