package org.hybridbridge.core.environment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.kvm.CplRate;
import org.hybridbridge.kvm.KvmProbe;
import org.hybridbridge.kvm.KvmReport;

/**
 * KVM: the device, its API version, and how fast it runs guest code at CPL0 and at CPL3,
 * measured with a tiny long-mode guest (the fast path depends on CPL3 being native).
 */
final class KvmCheck implements Check {

    private final Path device;

    KvmCheck(Path device) {
        this.device = device;
    }

    @Override
    public String description() {
        return "Measuring KVM at CPL0 and CPL3";
    }

    @Override
    public List<CheckResult> run() {
        KvmReport report = KvmProbe.probe(device);
        return List.of(deviceResult(report), rateResult("kvm.cpl0", "KVM guest CPL0", report.cpl0(), report),
                rateResult("kvm.cpl3", "KVM guest CPL3", report.cpl3(), report));
    }

    private static CheckResult deviceResult(KvmReport report) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("device", report.device());
        facts.put("present", report.present());
        facts.put("openable", report.openable());
        facts.put("apiVersion", report.apiVersion());
        if (report.flavor() != null) {
            facts.put("flavor", report.flavor().label());
        }
        if (report.problem() != null) {
            return new CheckResult("kvm", "KVM", CheckStatus.MISSING, report.problem(), fixFor(report), facts);
        }
        String value = "API " + report.apiVersion() + ", " + report.flavor().label();
        return new CheckResult("kvm", "KVM", CheckStatus.OK, value, report.device(), facts);
    }

    private static String fixFor(KvmReport report) {
        if (!report.present()) {
            return "load the kvm module (modprobe kvm_intel, kvm_amd or kvm_pvm)";
        }
        if (!report.openable()) {
            return "give this user read/write access to " + report.device() + " (group kvm)";
        }
        return "";
    }

    private static CheckResult rateResult(String name, String label, CplRate rate, KvmReport report) {
        if (rate == null) {
            String why = report.problem() == null ? "not measured" : "not measured: " + report.problem();
            return new CheckResult(name, label, CheckStatus.MISSING, why, "", Map.of());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("instructions", rate.instructions());
        facts.put("nanos", rate.nanos());
        facts.put("instructionsPerSecond", Math.round(rate.instructionsPerSecond()));
        String value = Rates.perSecond(rate.instructionsPerSecond()) + " instructions/s";
        String detail = String.format("%,d instructions in %.3f ms", rate.instructions(), rate.nanos() / 1e6);
        return new CheckResult(name, label, CheckStatus.OK, value, detail, facts);
    }
}
