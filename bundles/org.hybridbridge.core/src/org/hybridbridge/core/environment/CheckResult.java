package org.hybridbridge.core.environment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the environment report.
 *
 * @param name   stable identifier, e.g. {@code kvm}, {@code kvm.cpl0}
 * @param label  what a person reads, e.g. "KVM"
 * @param status whether the piece is usable
 * @param value  the one-line answer, e.g. "API 12, emulated-CPL0 (PVM)"
 * @param detail what to do about a missing piece, or extra context; empty when none
 * @param facts  the measured or discovered values behind {@code value}, for JSON consumers
 */
public record CheckResult(String name, String label, CheckStatus status, String value, String detail,
        Map<String, Object> facts) {

    public CheckResult {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts)); // keeps the JSON's key order
    }

    public boolean isOk() {
        return status == CheckStatus.OK;
    }
}
