package org.hybridbridge.x86.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.exec.QemuCpuModel;
import org.junit.jupiter.api.Test;

class UnicornBlindSpotsTest {

    @Test
    void theGuestsQemu64HasNeitherBmi1NorAbm() {
        assertEquals(new UnicornBlindSpots(true, true), UnicornBlindSpots.of(new QemuCpuModel(0)));
    }

    @Test
    void onlyTheRepPrefixedScansAreCovered() throws DecodeException {
        UnicornBlindSpots qemu64 = UnicornBlindSpots.of(new QemuCpuModel(0));
        assertTrue(qemu64.covers(Decoder.decode(new byte[] { (byte) 0xF3, 0x48, 0x0F, (byte) 0xBC, (byte) 0xC1 }, 0, 0)));
        assertTrue(qemu64.covers(Decoder.decode(new byte[] { (byte) 0xF3, 0x48, 0x0F, (byte) 0xBD, (byte) 0xC1 }, 0, 0)));
        assertFalse(qemu64.covers(Decoder.decode(new byte[] { 0x48, 0x0F, (byte) 0xBC, (byte) 0xC1 }, 0, 0)));
        assertFalse(UnicornBlindSpots.NONE.covers(
                Decoder.decode(new byte[] { (byte) 0xF3, 0x48, 0x0F, (byte) 0xBC, (byte) 0xC1 }, 0, 0)));
    }
}
