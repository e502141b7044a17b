package org.hybridbridge.internal.qemu.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the kernel's {@code linux_banner} in guest-physical memory without symbols. Every
 * "Linux version ...\n" line at or above the kernel's 16 MiB load address is a candidate; the
 * banner is the one seen most often (copies a {@code cat /proc/version} left in buffers). Linux
 * 6.1's init/version.c leaves a second, unused banner in {@code .rodata} whose build number is
 * empty, "# SMP ...", before the real one; its log keeps the banner without the newline. So a
 * guest dumped soon after boot holds each once: the banner without a build number is chosen
 * only where no other is found. Symbols decide in the end ({@code KernelCheck} reads
 * {@code linux_banner} through the guest's page tables).
 */
public final class BannerSearch {

    public static final long KERNEL_LOAD_ADDRESS = 0x1000000;
    private static final byte[] PREFIX = "Linux version ".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 20;
    private static final int MAX_BANNER = 512;
    /** UTS_VERSION's "#N " with the build number N empty: the unused copy in Linux 6.1. */
    private static final String UNUSED_BUILD_NUMBER = ") # ";

    private BannerSearch() {
    }

    /**
     * The most frequent of {@code candidates} that have a build number, the earliest among equals;
     * one without ("# SMP") only if all are without.
     */
    public static Optional<String> choose(List<String> candidates) {
        List<String> built = candidates.stream().filter(banner -> !banner.contains(UNUSED_BUILD_NUMBER)).toList();
        Map<String, Long> counts = (built.isEmpty() ? candidates : built).stream()
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).map(Map.Entry::getKey);
    }

    /**
     * Every banner-like line in {@code size} bytes of {@code file} from {@code fileOffset},
     * which hold guest-physical memory from {@code physical}.
     */
    public static List<String> candidates(FileChannel file, long fileOffset, long physical, long size)
            throws IOException {
        List<String> found = new ArrayList<>();
        long start = Math.max(0, KERNEL_LOAD_ADDRESS - physical);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK + MAX_BANNER);
        for (long at = start; at < size; at += CHUNK) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), size - at));
            while (chunk.hasRemaining() && file.read(chunk, fileOffset + at + chunk.position()) > 0) {
                // fill the chunk; overlapping reads catch a banner across a chunk boundary
            }
            byte[] bytes = chunk.array();
            int length = chunk.position();
            for (int i = 0; i < Math.min(length, CHUNK); i++) { // later starts belong to the next chunk
                if (startsWith(bytes, i, length)) {
                    int end = i;
                    while (end < length && end - i < MAX_BANNER && bytes[end] != '\n' && bytes[end] != 0) {
                        end++;
                    }
                    if (end < length && bytes[end] == '\n') {
                        found.add(new String(bytes, i, end + 1 - i, StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        return found;
    }

    private static boolean startsWith(byte[] bytes, int offset, int length) {
        if (offset + PREFIX.length > length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (bytes[offset + i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }
}
