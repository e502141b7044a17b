package org.hybridbridge.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MachineOptionsTest {

    @Test
    void defaultsAreTheDesignsFixedRamAndMemoryCanBeChangedWithinOneRange() {
        assertEquals(256, MachineOptions.defaults().memoryMib());
        assertEquals(512, MachineOptions.defaults().withMemoryMib(512).memoryMib());
        assertEquals(MachineOptions.defaults().bootTimeout(), MachineOptions.defaults().withMemoryMib(512).bootTimeout());
    }

    @Test
    void memoryThatWouldSplitAroundThePciHoleIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MachineOptions.defaults().withMemoryMib(4096));
        assertEquals("guest memory must be 64 to 3072 MiB, not 4096", e.getMessage());
    }
}
