package org.hybridbridge.x86;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The guests' kernel as an ELF file: the {@code vmlinux} inside the bzImage that
 * {@code hb guest build} caches, unpacked with the boot protocol's payload fields
 * (Documentation/x86/boot.rst: {@code setup_sects} at 0x1f1, {@code payload_offset} at 0x248,
 * {@code payload_length} at 0x24c). Debian's cloud kernel compresses the payload with LZ4's
 * legacy frame format, which the {@code lz4} tool reads; the kernel's build appends the
 * decompressed size as 4 more bytes, which are not part of the stream.
 */
final class KernelImage {

    private static final int APPENDED_SIZE_BYTES = 4;

    private KernelImage() {
    }

    /** @return the cached bzImage, if {@code hb guest build} has run ({@code $HB_CACHE} or ~/.cache/hybridbridge) */
    static Optional<Path> cachedBzImage() throws IOException {
        String cache = System.getenv().getOrDefault("HB_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "hybridbridge").toString());
        Path images = Path.of(cache, "images");
        if (!Files.isDirectory(images)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(images)) {
            // not the hash stamp hb writes beside an image (vmlinuz-....sha256)
            return files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")
                    && !p.getFileName().toString().endsWith(".sha256")).findFirst();
        }
    }

    /** Writes the bzImage's payload, decompressed, to {@code target}: the kernel's ELF image. */
    static Path unpack(Path bzImage, Path directory) throws IOException, InterruptedException {
        byte[] image = Files.readAllBytes(bzImage);
        int setupSectors = image[0x1F1] == 0 ? 4 : image[0x1F1] & 0xFF;
        int protectedModeStart = (setupSectors + 1) * 512;
        int payloadOffset = littleEndianInt(image, 0x248);
        int payloadLength = littleEndianInt(image, 0x24C);
        Path payload = directory.resolve("payload.lz4");
        int start = protectedModeStart + payloadOffset;
        Files.write(payload, Arrays.copyOfRange(image, start, start + payloadLength - APPENDED_SIZE_BYTES));
        Path vmlinux = directory.resolve("vmlinux");
        Process lz4 = new ProcessBuilder("lz4", "-dc", payload.toString()).redirectOutput(vmlinux.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!lz4.waitFor(120, TimeUnit.SECONDS) || lz4.exitValue() != 0) {
            throw new IOException("lz4 could not unpack the payload of " + bzImage);
        }
        return vmlinux;
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }
}
