package org.hybridbridge.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.fast.codepage.CodePage;
import org.hybridbridge.fast.codepage.CodePageBuilder;
import org.hybridbridge.fast.codepage.TextBytes;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of built code pages against its oracle, the builder itself: a page from the cache is
 * the page the builder builds from the same inputs, and a change of text or records, or a
 * damaged file, makes it build again.
 */
class CodePageCacheTest {

    private static final long PAGE = 0xffffffff81234000L;
    private static final String LOAD = "488b07"; // mov (%rdi),%rax

    @TempDir
    private Path directory;

    private final byte[] text = new byte[CodePage.SIZE + 32];
    private final KernelMetadata metadata = new KernelMetadata("Linux version test\n");

    CodePageCacheTest() {
        Arrays.fill(text, (byte) 0x90);
        System.arraycopy(HexFormat.of().parseHex(LOAD), 0, text, 8, 3);
        System.arraycopy(HexFormat.of().parseHex(LOAD), 0, text, 4094, 3); // its last byte on the next page
    }

    private CodePageBuilder builder() {
        TextBytes bytes = (address, length) -> Arrays.copyOfRange(text, (int) (address - PAGE),
                (int) (address - PAGE) + length);
        return new CodePageBuilder(bytes, new TreeSet<>(Set.of(PAGE)), address -> "f", metadata);
    }

    @Test
    void aSavedPageComesBackAsTheBuilderBuildsItUntilItsRecordsChange() {
        Path file = directory.resolve("pages.bin");
        CodePageCache first = CodePageCache.load(file);
        BuiltPage built = first.get(PAGE, builder());
        first.save();

        CodePageCache second = CodePageCache.load(file);
        BuiltPage cached = second.get(PAGE, builder());

        assertEquals(1, second.hits());
        assertSame(BuiltPage.of(built.key(), builder().build(PAGE)), cached);
        assertEquals(CodeClass.UNKNOWN, classAt(cached, PAGE + 8));
        assertArrayEquals(new byte[] { 0x07 }, cached.tail(), "the last instruction's byte on the next page");

        metadata.record(new InstructionRecord(PAGE + 8, "f+0x8", LOAD, "mov (%rdi),%rax", AccessClass.R, 1,
                Set.of("getpid"), Set.of("getpid"), List.of("current_task+0x0")));
        BuiltPage relearned = second.get(PAGE, builder());

        assertEquals(1, second.hits(), "new records: built again");
        assertEquals(CodeClass.R, classAt(relearned, PAGE + 8));
    }

    @Test
    void aDamagedFileIsAnEmptyCache() throws IOException {
        Path file = directory.resolve("pages.bin");
        CodePageCache cache = CodePageCache.load(file);
        cache.get(PAGE, builder());
        cache.save();
        byte[] bytes = Files.readAllBytes(file);
        bytes[100] ^= 0x01; // a bit of the NR copy
        Files.write(file, bytes);

        CodePageCache damaged = CodePageCache.load(file);
        damaged.get(PAGE, builder());

        assertEquals(0, damaged.hits());
        Files.write(file, Arrays.copyOf(bytes, 50));
        CodePageCache cut = CodePageCache.load(file);
        cut.get(PAGE, builder());
        assertEquals(0, cut.hits());
    }

    private static void assertSame(BuiltPage expected, BuiltPage actual) {
        assertEquals(expected.key(), actual.key());
        assertArrayEquals(expected.nr(), actual.nr());
        assertArrayEquals(expected.r(), actual.r());
        assertArrayEquals(expected.starts(), actual.starts());
        assertArrayEquals(expected.classes(), actual.classes());
        assertArrayEquals(expected.tail(), actual.tail());
    }

    private static CodeClass classAt(BuiltPage page, long address) {
        for (int i = 0; i < page.starts().length; i++) {
            if (page.starts()[i] == address) {
                return page.classes()[i];
            }
        }
        throw new AssertionError("no instruction starts at " + Long.toHexString(address));
    }
}
