package org.hybridbridge.qemu;

import java.util.Locale;

/** The two guests of DESIGN.md 3.1, which boot the same kernel with different initramfs images. */
public enum GuestKind {
    /** The secure VM: busybox, hb-agent and the inspection utilities. */
    SVM,
    /** The demo guest to introspect: recognisable processes, a module, a hostname, a file. */
    GVM;

    /** The name used on the command line and in file names: {@code svm} or {@code gvm}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code svm} or {@code gvm} (any case); anything else is a one-line error. */
    public static GuestKind parse(String label) {
        for (GuestKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown guest '" + label + "': expected svm or gvm");
    }
}
