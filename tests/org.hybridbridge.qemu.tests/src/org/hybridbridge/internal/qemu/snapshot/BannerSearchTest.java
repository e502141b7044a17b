package org.hybridbridge.internal.qemu.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BannerSearchTest {

    private static final String STALE = "Linux version 6.1.0 (x@y) (gcc) # SMP PREEMPT_DYNAMIC Debian\n";
    private static final String REAL = "Linux version 6.1.0 (x@y) (gcc) #1 SMP PREEMPT_DYNAMIC Debian\n";
    private static final String OTHER = "Linux version 6.1.0 (x@y) (gcc) #2 SMP PREEMPT_DYNAMIC Debian\n";

    @Test
    void bannersBelowTheKernelAndAcrossChunkBoundariesAreHandled(@TempDir Path directory) throws IOException {
        Path memory = directory.resolve("memory");
        try (FileChannel file = FileChannel.open(memory, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            put(file, 0x1000, REAL); // below 16 MiB: firmware or boot loader, not the kernel
            put(file, 0x1000000 + 0x100, STALE);
            put(file, 0x1000000 + (1 << 20) - 20, REAL); // straddles the search's 1 MiB chunks
            put(file, 0x1400000, REAL);

            List<String> candidates = BannerSearch.candidates(file, 0, 0, 0x1800000);

            assertEquals(List.of(STALE, REAL, REAL), candidates);
            assertEquals(Optional.of(REAL), BannerSearch.choose(candidates));
        }
    }

    @Test
    void amongEqualCountsTheEarliestWins() {
        assertEquals(Optional.of(OTHER), BannerSearch.choose(List.of(OTHER, REAL)));
        assertEquals(Optional.empty(), BannerSearch.choose(List.of()));
    }

    @Test
    void theUnusedBannerWithoutBuildNumberLosesEvenWhereTheRealOneIsFoundAsOften() {
        // a guest dumped soon after boot: 6.1's log holds the banner without its newline, so each is found once
        assertEquals(Optional.of(REAL), BannerSearch.choose(List.of(STALE, REAL)));
        assertEquals(Optional.of(STALE), BannerSearch.choose(List.of(STALE, STALE)), "where it is all there is");
    }

    private static void put(FileChannel file, long position, String text) throws IOException {
        file.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), position);
    }
}
