package org.hybridbridge.core.environment;

/** Outcome of one environment check. */
public enum CheckStatus {
    /** The piece is there and works. */
    OK,
    /** The piece is absent or does not work: the engines that need it cannot run. */
    MISSING;

    /** The lower-case word used in reports and JSON. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
