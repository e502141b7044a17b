package org.hybridbridge.core.environment;

import java.util.Locale;

/** Formats rates for people: 1.23 M, 4.56 G. */
final class Rates {

    private static final String[] PREFIXES = { "", " k", " M", " G", " T" };

    private Rates() {
    }

    static String perSecond(double rate) {
        double scaled = rate;
        int prefix = 0;
        while (scaled >= 1000 && prefix < PREFIXES.length - 1) {
            scaled /= 1000;
            prefix++;
        }
        return String.format(Locale.ROOT, "%.2f%s", scaled, PREFIXES[prefix]);
    }
}
