package org.hybridbridge.qemu;

import java.nio.file.Path;

/**
 * A bootable guest: a kernel and an initramfs, both in the image cache.
 *
 * @param kind          which guest
 * @param kernel        the bzImage ({@code vmlinuz-<release>})
 * @param initramfs     the gzip-compressed cpio archive
 * @param kernelRelease e.g. {@code 6.1.0-56-cloud-amd64}
 * @param kernelPackage the Debian package the kernel came from, as {@code name=version}
 */
public record GuestImage(GuestKind kind, Path kernel, Path initramfs, String kernelRelease, String kernelPackage) {
}
