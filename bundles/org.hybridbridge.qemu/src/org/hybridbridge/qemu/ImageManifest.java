package org.hybridbridge.qemu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code images.json}: what the image directory holds and from which inputs it was built.
 *
 * @param format        the layout version of the images; a builder that changes it rebuilds
 * @param inputs        hash of every input (packages, native programs, init scripts, format)
 * @param kernelRelease e.g. {@code 6.1.0-56-cloud-amd64}
 * @param kernelPackage {@code name=version}
 * @param busyboxPackage {@code name=version}
 * @param debianPackages {@code name=version} of each package of the Debian userland
 * @param files         file name to SHA-256, for the kernel and both initramfs images
 */
record ImageManifest(int format, String inputs, String kernelRelease, String kernelPackage, String busyboxPackage,
        List<String> debianPackages, Map<String, String> files) {

    /**
     * Raise it whenever the builder's Java code changes what goes into an image (InitramfsLayout,
     * CpioNewcWriter): the inputs hash covers packages, sources and scripts, not this code.
     */
    static final int FORMAT = 3;

    static String kernelFileName(String kernelRelease) {
        return "vmlinuz-" + kernelRelease;
    }

    static String initramfsFileName(GuestKind kind) {
        return kind.label() + ".cpio.gz";
    }

    boolean isComplete() {
        return format == FORMAT && inputs != null && kernelRelease != null && kernelPackage != null
                && debianPackages != null && files != null;
    }

    GuestImage image(Path directory, GuestKind kind) {
        return new GuestImage(kind, directory.resolve(kernelFileName(kernelRelease)),
                directory.resolve(initramfsFileName(kind)), kernelRelease, kernelPackage);
    }
}
