package org.hybridbridge.core.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class EnvironmentCheckTest {

    private static final Path KVM = Path.of("/dev/kvm");
    private static final GuestImages EMPTY_CACHE = new GuestImages(Path.of("/nonexistent/hybridbridge-cache"));

    @Test
    void missingKvmDeviceIsReportedAsMissingWithAFix() {
        EnvironmentReport report = new EnvironmentCheck(Path.of("/nonexistent/kvm"), EMPTY_CACHE).run(ProgressListener.NONE);

        CheckResult kvm = report.result("kvm");
        assertEquals(CheckStatus.MISSING, kvm.status());
        assertTrue(kvm.value().contains("/nonexistent/kvm"), kvm.value());
        assertFalse(kvm.detail().isEmpty(), "a missing device names what to do");
        assertEquals(CheckStatus.MISSING, report.result("kvm.cpl0").status());
        assertEquals(CheckStatus.MISSING, report.result("kvm.cpl3").status());
        assertFalse(report.allOk());
        assertTrue(report.missing().contains(kvm));
    }

    @Test
    void jsonCarriesEveryCheckWithItsFacts() {
        EnvironmentReport report = new EnvironmentCheck(Path.of("/nonexistent/kvm"), EMPTY_CACHE).run(ProgressListener.NONE);

        JsonObject json = JsonParser.parseString(report.toJson()).getAsJsonObject();

        assertFalse(json.get("ok").getAsBoolean());
        assertEquals(report.results().size(), json.getAsJsonArray("checks").size());
        JsonObject kvm = json.getAsJsonArray("checks").get(0).getAsJsonObject();
        assertEquals("kvm", kvm.get("name").getAsString());
        assertEquals("missing", kvm.get("status").getAsString());
        assertFalse(kvm.getAsJsonObject("facts").get("present").getAsBoolean());
        JsonObject jdk = json.getAsJsonArray("checks").asList().stream().map(element -> element.getAsJsonObject())
                .filter(check -> check.get("name").getAsString().equals("jdk")).findFirst().orElseThrow();
        assertEquals(Runtime.version().feature(), jdk.getAsJsonObject("facts").get("feature").getAsInt());
    }

    @Test
    void kvmOnThisMachineIsMeasuredAtBothPrivilegeLevels() {
        Requirements.requireKvm();

        EnvironmentReport report = new EnvironmentCheck(KVM, EMPTY_CACHE).run(ProgressListener.NONE);

        CheckResult kvm = report.result("kvm");
        assertEquals(CheckStatus.OK, kvm.status(), kvm.value());
        assertEquals(12, kvm.facts().get("apiVersion"));
        assertTrue(kvm.value().startsWith("API 12, "), kvm.value());
        long cpl0 = (Long) report.result("kvm.cpl0").facts().get("instructionsPerSecond");
        long cpl3 = (Long) report.result("kvm.cpl3").facts().get("instructionsPerSecond");
        assertTrue(cpl0 > 0 && cpl3 > 0, cpl0 + " " + cpl3);
        if (Files.isDirectory(Path.of("/sys/module/kvm_pvm"))) {
            // PVM emulates CPL0 code (ENVIRONMENT.md): the probe must see it, from the rates alone.
            assertEquals("emulated-CPL0 (PVM)", kvm.facts().get("flavor"));
            assertTrue(cpl3 > 10 * cpl0, "CPL3 " + cpl3 + "/s should far outrun CPL0 " + cpl0 + "/s");
        }
    }

    @Test
    void imagesAbsentFromTheCacheAreMissingAndSayHowToBuildThem() {
        EnvironmentReport report = new EnvironmentCheck(KVM, EMPTY_CACHE).run(ProgressListener.NONE);

        for (String name : new String[] { "guest.svm", "guest.gvm" }) {
            CheckResult image = report.result(name);
            assertEquals(CheckStatus.MISSING, image.status());
            assertTrue(image.value().contains("/nonexistent/hybridbridge-cache"), image.value());
            assertEquals("run hb guest build", image.detail());
        }
    }

    @Test
    void qemuIsFoundWithItsVersionWhereItIsInstalled() {
        Requirements.require(java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "qemu-system-x86_64"))),
                "qemu-system-x86_64 is not installed");

        CheckResult qemu = new EnvironmentCheck(KVM, EMPTY_CACHE).run(ProgressListener.NONE).result("qemu");

        assertEquals(CheckStatus.OK, qemu.status(), qemu.value());
        assertTrue(qemu.value().startsWith("QEMU emulator version "), qemu.value());
    }

    @Test
    void progressCountsOneUnitPerCheckAndNamesEachStep() {
        List<String> steps = new ArrayList<>();
        int[] total = new int[1];
        int[] done = new int[1];
        ProgressListener recorder = new ProgressListener() {
            @Override
            public void beginTask(String name, int totalWork) {
                total[0] = totalWork;
            }

            @Override
            public void subTask(String name) {
                steps.add(name);
            }

            @Override
            public void worked(int work) {
                done[0] += work;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };

        new EnvironmentCheck(Path.of("/nonexistent/kvm"), EMPTY_CACHE).run(recorder);

        assertTrue(total[0] > 1);
        assertEquals(total[0], done[0]);
        assertEquals(total[0], steps.size());
    }

    @Test
    void cancelledCheckStopsBeforeMeasuring() {
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void beginTask(String name, int totalWork) {
            }

            @Override
            public void subTask(String name) {
                throw new AssertionError("no step may start once cancelled: " + name);
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };

        assertThrows(CancelledException.class, () -> new EnvironmentCheck(KVM, EMPTY_CACHE).run(cancelled));
    }
}
