package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.GuestProgress;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.qemu.Snapshots;

/**
 * What end-to-end runs need: the SVM run-start snapshot of {@code getpid}, a GVM snapshot, and
 * the kernel profile. Snapshots come from the directory the system property {@value
 * #SNAPSHOTS_PROPERTY} names ({@code svm-getpid.hbsnap}, {@code gvm.hbsnap}, as {@code hb
 * snapshot take} writes them), else they are taken now under QEMU (as CI does). Tests skip,
 * saying why, where QEMU or the guest images are missing.
 */
final class RunFixtures {

    static final String SNAPSHOTS_PROPERTY = "hybridbridge.snapshots";
    static final String SVM = "svm-getpid.hbsnap";
    static final String GVM = "gvm.hbsnap";

    private RunFixtures() {
    }

    static KernelProfile profile() {
        QemuInstallation qemu = QemuInstallation.find();
        GuestImages images = GuestImages.inDefaultCache();
        assumeTrue(images.isPresent(GuestKind.SVM),
                () -> "no SVM image in " + images.imageDirectory() + " to profile its kernel: run hb guest build");
        assumeTrue(qemu.isUsable(), () -> "no QEMU to profile the kernel: " + qemu.problem());
        return KernelProfiler.profile(images, MachineOptions.defaults(), GuestProgress.NONE);
    }

    /**
     * @param scratch where to take the snapshots when the property names none
     * @return the directory holding {@link #SVM} and {@link #GVM}
     */
    static Path snapshots(Path scratch) {
        String named = System.getProperty(SNAPSHOTS_PROPERTY, "");
        if (!named.isBlank()) {
            Path directory = Path.of(named);
            assumeTrue(Files.isReadable(directory.resolve(SVM)) && Files.isReadable(directory.resolve(GVM)),
                    () -> SNAPSHOTS_PROPERTY + "=" + directory + " holds no " + SVM + " and " + GVM);
            return directory;
        }
        QemuInstallation qemu = QemuInstallation.find();
        GuestImages images = GuestImages.inDefaultCache();
        assumeTrue(qemu.isUsable(),
                () -> "no " + SNAPSHOTS_PROPERTY + " and no QEMU to take snapshots: " + qemu.problem());
        assumeTrue(images.isPresent(GuestKind.SVM) && images.isPresent(GuestKind.GVM),
                () -> "no " + SNAPSHOTS_PROPERTY + " and no guest images in " + images.imageDirectory()
                        + ": run hb guest build");
        Snapshots.takeSvm(images, scratch.resolve(SVM), "getpid", MachineOptions.defaults(), GuestProgress.NONE);
        Snapshots.takeGvm(images, scratch.resolve(GVM), MachineOptions.defaults(), GuestProgress.NONE);
        return scratch;
    }
}
