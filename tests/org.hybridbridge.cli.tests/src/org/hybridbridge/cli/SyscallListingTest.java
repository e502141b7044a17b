package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SyscallListingTest {

    @Test
    void errorsCountsAndDescriptorsAreDecimalAddressesHex() {
        assertEquals("-14", SyscallListing.result(-14));
        assertEquals("287", SyscallListing.result(287));
        assertEquals("0x4ad000", SyscallListing.result(0x4ad000));
        assertEquals("0xffffffffffff0000", SyscallListing.result(-0x10000), "below -4095 it is no errno");
    }
}
