package org.hybridbridge.core.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;

/** The results of all environment checks, in the order they ran. */
public record EnvironmentReport(List<CheckResult> results) {

    public EnvironmentReport {
        results = List.copyOf(results);
    }

    /** True when every piece is present and works. */
    public boolean allOk() {
        return results.stream().allMatch(CheckResult::isOk);
    }

    /** The results that are not OK. */
    public List<CheckResult> missing() {
        return results.stream().filter(result -> !result.isOk()).toList();
    }

    /** The result with this name, e.g. {@code kvm}. */
    public CheckResult result(String name) {
        return results.stream().filter(result -> result.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check named " + name));
    }

    /**
     * The report as one JSON object: {@code ok} and one entry per check under {@code checks},
     * each with its name, label, status, value, detail and facts.
     */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", allOk());
        root.put("checks", results.stream().map(EnvironmentReport::toJsonObject).toList());
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
    }

    private static Map<String, Object> toJsonObject(CheckResult result) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("name", result.name());
        object.put("label", result.label());
        object.put("status", result.status().word());
        object.put("value", result.value());
        object.put("detail", result.detail());
        object.put("facts", result.facts());
        return object;
    }
}
