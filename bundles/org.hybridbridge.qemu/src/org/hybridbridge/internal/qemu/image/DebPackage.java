package org.hybridbridge.internal.qemu.image;

import java.util.List;

/**
 * One Debian package as apt's metadata describes it: what is downloaded is checked against
 * {@code sha256} before it is used.
 *
 * @param name     e.g. {@code busybox-static}
 * @param version  e.g. {@code 1:1.35.0-4+deb12u1+b1}
 * @param fileName the archive's file name, e.g. {@code busybox-static_1.35.0-4+deb12u1+b1_amd64.deb}
 * @param sha256   lower-case hex
 * @param depends  the packages of its Pre-Depends and Depends fields, the first of each set of
 *                 alternatives, without version constraints
 */
public record DebPackage(String name, String version, String fileName, String sha256, List<String> depends) {

    public DebPackage {
        depends = List.copyOf(depends);
    }

    /** Name and version as apt-get accepts them: {@code name=version}. */
    public String pinned() {
        return name + "=" + version;
    }
}
