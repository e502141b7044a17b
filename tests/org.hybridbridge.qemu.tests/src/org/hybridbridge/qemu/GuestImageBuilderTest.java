package org.hybridbridge.qemu;

import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real build from Debian's packages into an empty cache (downloads ~40 MB through apt). */
class GuestImageBuilderTest {

    @Test
    void buildsBothImagesThenFindsNothingToDo(@TempDir Path cache) throws IOException {
        for (String tool : List.of("apt-cache", "apt-get", "dpkg-deb", "gcc")) {
            Requirements.require(Files.isExecutable(Path.of("/usr/bin", tool)), "no " + tool + " on this host");
        }
        Path nativeSources = GuestImageBuilder.locateNativeSources();
        GuestImages images = new GuestImages(cache);
        assertFalse(images.isPresent(GuestKind.SVM));

        GuestImageBuilder.Result first = new GuestImageBuilder(images, nativeSources).build(ProgressListener.NONE);

        assertTrue(first.rebuilt());
        assertTrue(first.svm().kernelRelease().endsWith("-cloud-amd64"), first.svm().kernelRelease());
        List<String> svm = archivedNames(first.svm().initramfs());
        List<String> gvm = archivedNames(first.gvm().initramfs());
        for (String name : List.of("init", "bin/busybox", "bin/ps", "bin/hb-agent", "bin/getpid", "bin/gettime",
                "bin/tinyps", "bin/getprocname", "dev/console")) {
            assertTrue(svm.contains(name) && gvm.contains(name), name);
        }
        // Debian's programs, their libraries and loader from the packages, in every image alike
        for (String name : List.of("usr/bin/vmstat", "usr/bin/iostat", "usr/sbin/arp", "usr/bin/pstree",
                "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6", "lib/terminfo/d/dumb")) {
            assertTrue(svm.contains(name) && gvm.contains(name), name);
        }
        assertFalse(svm.contains("sbin/arp"), "busybox's arp is left out where Debian ships one");
        for (String name : List.of("usr/sbin/sshd-backdoor", "usr/bin/cryptominer", "lib/modules/dummy.ko")) {
            assertTrue(gvm.contains(name) && !svm.contains(name), name);
        }

        FileTime written = Files.getLastModifiedTime(first.svm().initramfs());
        GuestImageBuilder.Result second = new GuestImageBuilder(images, nativeSources).build(ProgressListener.NONE);

        assertFalse(second.rebuilt());
        assertEquals(first.svm(), second.svm());
        assertEquals(first.gvm(), second.gvm());
        assertEquals(written, Files.getLastModifiedTime(second.svm().initramfs()));
    }

    /** Names in a gzip-compressed newc archive, read with nothing but the format's definition. */
    private static List<String> archivedNames(Path initramfs) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(initramfs))) {
            byte[] archive = in.readAllBytes();
            int offset = 0;
            while (true) {
                String header = new String(archive, offset, 110, StandardCharsets.US_ASCII);
                int size = Integer.parseInt(header.substring(54, 62), 16);
                int nameSize = Integer.parseInt(header.substring(94, 102), 16);
                String name = new String(archive, offset + 110, nameSize - 1, StandardCharsets.US_ASCII);
                if (name.equals("TRAILER!!!")) {
                    return names;
                }
                names.add(name);
                offset = align(align(offset + 110 + nameSize) + size);
            }
        }
    }

    private static int align(int offset) {
        return (offset + 3) & ~3;
    }
}
