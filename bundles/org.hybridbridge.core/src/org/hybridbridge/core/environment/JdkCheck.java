package org.hybridbridge.core.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Java runtime the engines run on: the product needs Java 21 or newer. */
final class JdkCheck implements Check {

    static final int MINIMUM_FEATURE_VERSION = 21;

    @Override
    public String description() {
        return "Inspecting the Java runtime";
    }

    @Override
    public List<CheckResult> run() {
        Runtime.Version version = Runtime.version();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", version.toString());
        facts.put("feature", version.feature());
        facts.put("vendor", System.getProperty("java.vendor", "unknown"));
        facts.put("home", System.getProperty("java.home", "unknown"));
        String value = "Java " + version + " (" + facts.get("vendor") + ")";
        if (version.feature() < MINIMUM_FEATURE_VERSION) {
            return List.of(new CheckResult("jdk", "JDK", CheckStatus.MISSING, value,
                    "Java " + MINIMUM_FEATURE_VERSION + " or newer is needed", facts));
        }
        return List.of(new CheckResult("jdk", "JDK", CheckStatus.OK, value, (String) facts.get("home"), facts));
    }
}
