package org.hybridbridge.core.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void scalesToTheLargestPrefixBelowOneThousand() {
        assertEquals("999.00", Rates.perSecond(999));
        assertEquals("1.00 k", Rates.perSecond(1000));
        assertEquals("1.23 M", Rates.perSecond(1_234_567));
        assertEquals("4.90 G", Rates.perSecond(4.9e9));
        assertEquals("5000.00 T", Rates.perSecond(5e15));
    }
}
