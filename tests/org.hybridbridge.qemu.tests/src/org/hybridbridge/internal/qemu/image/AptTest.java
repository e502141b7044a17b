package org.hybridbridge.internal.qemu.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.testing.Requirements;
import org.hybridbridge.qemu.GuestException;
import org.junit.jupiter.api.Test;

class AptTest {

    private static final String RECORD = """
            Package: busybox-static
            Version: 1:1.35.0-4+deb12u1+b1
            Pre-Depends: dpkg (>= 1.15)
            Depends: libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, libfoo:any
            Description: Standalone rescue shell
             with tons of builtin utilities
            Filename: pool/main/b/busybox/busybox-static_1.35.0-4+deb12u1+b1_amd64.deb
            SHA256: 3D3FDBE91D4660C873E14B092C213FE81C1DA6362DAA236EB25D0171EB108744
            """;

    @Test
    void recordGivesVersionFileNameAndHash() {
        DebPackage deb = Apt.parseRecord("busybox-static", RECORD);

        assertEquals("1:1.35.0-4+deb12u1+b1", deb.version());
        assertEquals("busybox-static_1.35.0-4+deb12u1+b1_amd64.deb", deb.fileName());
        assertEquals("3d3fdbe91d4660c873e14b092c213fe81c1da6362daa236eb25d0171eb108744", deb.sha256());
        assertEquals("busybox-static=1:1.35.0-4+deb12u1+b1", deb.pinned());
        assertEquals(List.of("dpkg", "libc6", "debconf", "libfoo"), deb.depends());
    }

    @Test
    void recordWithoutHashIsRefused() {
        GuestException e = assertThrows(GuestException.class,
                () -> Apt.parseRecord("x", "Package: x\nVersion: 1\nFilename: x.deb\n"));

        assertTrue(e.getMessage().contains("SHA256"), e.getMessage());
    }

    @Test
    void currentCloudKernelIsAnUnsignedSixOneImage() {
        Requirements.require(Files.isExecutable(Path.of("/usr/bin/apt-cache")), "no apt-cache on this host");

        String kernel = new Apt().currentCloudKernelPackage();

        assertTrue(kernel.matches("linux-image-6\\.1\\.0-\\d+-cloud-amd64-unsigned"), kernel);
    }
}
