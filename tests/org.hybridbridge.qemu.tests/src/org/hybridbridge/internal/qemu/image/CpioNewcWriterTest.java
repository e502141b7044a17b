package org.hybridbridge.internal.qemu.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioNewcWriterTest {

    private static byte[] archive(InitramfsTree tree) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new CpioNewcWriter(bytes).write(tree);
        return bytes.toByteArray();
    }

    private static InitramfsTree sample() {
        InitramfsTree tree = new InitramfsTree();
        tree.file("/bin/hello", 0755, "hello\n".getBytes(StandardCharsets.US_ASCII));
        tree.symlink("/bin/sh", "/bin/busybox");
        tree.charDevice("/dev/console", 0600, 5, 1);
        return tree;
    }

    /** The fields of each header, parsed back: name, mode, file size, rdev major/minor. */
    private static List<String> headers(byte[] archive) {
        List<String> headers = new ArrayList<>();
        int offset = 0;
        while (true) {
            String header = new String(archive, offset, 110, StandardCharsets.US_ASCII);
            assertEquals("070701", header.substring(0, 6), "magic at " + offset);
            int mode = field(header, 1);
            int size = field(header, 6);
            int nameSize = field(header, 11);
            String name = new String(archive, offset + 110, nameSize - 1, StandardCharsets.US_ASCII);
            headers.add(name + " " + Integer.toOctalString(mode) + " " + size + " " + field(header, 9) + ","
                    + field(header, 10));
            offset = align(align(offset + 110 + nameSize) + size);
            if (name.equals("TRAILER!!!")) {
                assertEquals(archive.length, offset, "nothing after the trailer");
                return headers;
            }
        }
    }

    private static int field(String header, int index) {
        return Integer.parseInt(header.substring(6 + 8 * index, 14 + 8 * index), 16);
    }

    private static int align(int offset) {
        return (offset + 3) & ~3;
    }

    @Test
    void entriesComeInPathOrderWithParentsAndTypedModes() throws IOException {
        assertEquals(List.of("bin 40755 0 0,0", "bin/hello 100755 6 0,0", "bin/sh 120777 12 0,0", "dev 40755 0 0,0",
                "dev/console 20600 0 5,1", "TRAILER!!! 0 0 0,0"), headers(archive(sample())));
    }

    @Test
    void sameContentsMakeTheSameBytes() throws IOException {
        assertArrayEquals(archive(sample()), archive(sample()));
    }

    @Test
    void theCpioToolListsWhatWeWrote(@TempDir Path directory) throws Exception {
        Requirements.require(Files.isExecutable(Path.of("/usr/bin/cpio")), "no /usr/bin/cpio to compare with");
        Path file = directory.resolve("test.cpio");
        Files.write(file, archive(sample()));

        Process cpio = new ProcessBuilder("cpio", "-it", "--quiet").redirectInput(file.toFile()).start();
        String listing = new String(cpio.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, cpio.waitFor(30, TimeUnit.SECONDS));

        assertEquals(0, cpio.exitValue());
        assertEquals(List.of("bin", "bin/hello", "bin/sh", "dev", "dev/console"), listing.lines().toList());
    }
}
