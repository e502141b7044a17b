package org.hybridbridge.core.run;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.qemu.Snapshots;
import org.hybridbridge.testing.Requirements;

/**
 * What end-to-end runs need: the SVM run-start snapshot (of every utility), GVM snapshots, and
 * the kernel profile. Snapshots come from the directory the system property {@value
 * #SNAPSHOTS_PROPERTY} names, under the names {@code hb snapshot take} gives them ({@code
 * gvm.hbsnap}, {@code svm.hbsnap}), else they are taken under QEMU (as CI does), once
 * per test run, into a directory deleted when the JVM ends (a fixture GVM as {@code <label>.hbsnap}). Tests skip, saying why, where QEMU
 * or the guest images are missing.
 */
final class RunFixtures {

    static final String SNAPSHOTS_PROPERTY = "hybridbridge.snapshots";

    private static Path taken;

    private RunFixtures() {
    }

    static KernelProfile profile() {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM),
                () -> "no SVM image in " + images.imageDirectory() + " to profile its kernel: run hb guest build");
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU to profile the kernel: " + qemu.problem());
        return KernelProfiler.profile(images, MachineOptions.defaults(), ProgressListener.NONE);
    }

    /** @return the demo GVM's snapshot */
    static Path gvm() {
        return gvm(GuestKind.GVM);
    }

    /** @return the snapshot of the GVM {@code kind}, booted as it boots by default (RAM size, vCPUs) */
    static Path gvm(GuestKind kind) {
        return snapshot(kind.label() + ".hbsnap", kind);
    }

    /** @return the SVM run-start snapshot: hb-agent's child parked, for any command line a run writes */
    static Path svm() {
        return snapshot("svm.hbsnap", GuestKind.SVM);
    }

    private static synchronized Path snapshot(String name, GuestKind kind) {
        String named = System.getProperty(SNAPSHOTS_PROPERTY, "");
        // Tycho passes the pom's empty default as the string "null"
        if (!named.isBlank() && !named.equals("null")) {
            Path file = Path.of(named).resolve(name);
            Requirements.require(Files.isReadable(file), () -> SNAPSHOTS_PROPERTY + "=" + named + " holds no " + name);
            return file;
        }
        Path file = takenDirectory().resolve(name);
        if (Files.exists(file)) {
            return file;
        }
        QemuInstallation qemu = QemuInstallation.find();
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(qemu.isUsable(), () -> "no " + SNAPSHOTS_PROPERTY + " and no QEMU to take " + name + ": "
                + qemu.problem());
        Requirements.require(images.isPresent(kind), () -> "no " + SNAPSHOTS_PROPERTY + " and no " + kind.label()
                + " image in " + images.imageDirectory() + ": run hb guest build");
        if (kind.isGvm()) {
            Snapshots.takeGvm(images, kind, file, kind.defaultOptions(), ProgressListener.NONE);
        } else {
            Snapshots.takeSvm(images, file, null, MachineOptions.defaults(), ProgressListener.NONE);
        }
        return file;
    }

    private static Path takenDirectory() {
        if (taken == null) {
            try {
                taken = Files.createTempDirectory("hb-run-tests");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(taken)) {
                    files.forEach(file -> file.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory: the system cleans it up eventually
                }
                taken.toFile().delete();
            }));
        }
        return taken;
    }
}
