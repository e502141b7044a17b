package org.hybridbridge.qemu;


import org.hybridbridge.testing.Requirements;

/**
 * The guest images for tests that boot real guests: those of the default cache
 * ({@code $HB_CACHE} or {@code ~/.cache/hybridbridge}), built by {@code hb guest build}. Tests
 * skip, saying why, where QEMU or the images are missing.
 */
final class TestGuests {

    private TestGuests() {
    }

    static GuestImage require(GuestKind kind) {
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU: " + qemu.problem());
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(kind),
                () -> "no " + kind.label() + " image in " + images.imageDirectory() + ": run hb guest build");
        return images.require(kind);
    }
}
