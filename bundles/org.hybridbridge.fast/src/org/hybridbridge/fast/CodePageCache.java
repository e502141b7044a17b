package org.hybridbridge.fast;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.fast.codepage.CodePage;
import org.hybridbridge.fast.codepage.CodePageBuilder;
import org.hybridbridge.x86.Decoder;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The code pages built by earlier runs of this kernel build, by page, each with the digest of
 * what it was built from ({@link CodePageBuilder#inputsKey}): a trained run takes its pages from
 * here instead of decoding them again (building lsmod's 128 pages cost more than its whole VMST
 * run). A page whose text, records or builder rules changed has another digest and is built
 * again. The file is the VMM's own: one that is missing, damaged (a CRC-32 covers it), of other
 * rules or of another build of the builder and the decoder (their bundles' versions, whose
 * qualifier is the build's time: a decoder that reads an instruction otherwise builds other
 * copies) is an empty cache, and a run writes it anew (atomically) when it built a page.
 */
final class CodePageCache {

    private static final int MAGIC = 0x4842_4350; // "HBCP"
    private static final CodeClass[] CLASSES = CodeClass.values();
    /** The builds of the builder and of the decoder the pages were built with. */
    private static final String BUILD = versionOf(CodePageBuilder.class) + " " + versionOf(Decoder.class);

    private final Path file;
    private final Map<Long, BuiltPage> pages = new HashMap<>();
    private boolean changed;
    private int hits;

    private CodePageCache(Path file) {
        this.file = file;
    }

    /** @return the cache in {@code file}; with {@code null}, one kept nowhere */
    static CodePageCache load(Path file) {
        CodePageCache cache = new CodePageCache(file);
        if (file != null) {
            cache.read();
        }
        return cache;
    }

    /** @return the page at {@code page} as {@code builder} builds it: from the cache when its inputs are unchanged */
    BuiltPage get(long page, CodePageBuilder builder) {
        long key = builder.inputsKey(page);
        BuiltPage cached = pages.get(page);
        if (cached != null && cached.key() == key) {
            hits++;
            return cached;
        }
        BuiltPage built = BuiltPage.of(key, builder.build(page));
        pages.put(page, built);
        changed = true;
        return built;
    }

    /** @return how many pages came from the cache */
    int hits() {
        return hits;
    }

    /** Writes the cache, when it has a file and a page was built. */
    void save() {
        if (file == null || !changed) {
            return;
        }
        Path temporary;
        try { // a name of its own: two runs at once must not write into one temporary file
            temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the code-page cache beside " + file + ": " + e.getMessage(), e);
        }
        CheckedOutputStream checked;
        try (DataOutputStream out = new DataOutputStream(
                checked = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)), new CRC32()))) {
            out.writeInt(MAGIC);
            out.writeInt(CodePageBuilder.RULES);
            out.writeUTF(BUILD);
            out.writeInt(pages.size());
            for (Map.Entry<Long, BuiltPage> entry : pages.entrySet()) {
                BuiltPage page = entry.getValue();
                out.writeLong(entry.getKey());
                out.writeLong(page.key());
                out.write(page.nr());
                out.write(page.r());
                out.writeShort(page.starts().length);
                for (int i = 0; i < page.starts().length; i++) {
                    out.writeLong(page.starts()[i]);
                    out.writeByte(page.classes()[i].ordinal());
                }
                out.writeByte(page.tail().length);
                out.write(page.tail());
            }
            out.writeLong(checked.getChecksum().getValue());
            out.close(); // flushed and closed before the move (closing again at the end of the block is a no-op)
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            SitesFile.deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write the code-page cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static String versionOf(Class<?> type) {
        Bundle bundle = FrameworkUtil.getBundle(type);
        return bundle == null ? "(no bundle)" : bundle.getSymbolicName() + "_" + bundle.getVersion();
    }

    private void read() {
        CheckedInputStream checked;
        try (DataInputStream in = new DataInputStream(
                checked = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(file)), new CRC32()))) {
            if (in.readInt() != MAGIC || in.readInt() != CodePageBuilder.RULES || !in.readUTF().equals(BUILD)) {
                return;
            }
            int count = in.readInt();
            Map<Long, BuiltPage> read = new HashMap<>();
            for (int p = 0; p < count; p++) {
                long address = in.readLong();
                long key = in.readLong();
                byte[] nr = in.readNBytes(CodePage.SIZE);
                byte[] r = in.readNBytes(CodePage.SIZE);
                int lines = in.readUnsignedShort();
                long[] starts = new long[lines];
                CodeClass[] classes = new CodeClass[lines];
                for (int i = 0; i < lines; i++) {
                    starts[i] = in.readLong();
                    classes[i] = CLASSES[in.readUnsignedByte() % CLASSES.length];
                }
                byte[] tail = in.readNBytes(in.readUnsignedByte());
                if (r.length != CodePage.SIZE || lines == 0) {
                    return; // cut short: an empty cache
                }
                read.put(address, new BuiltPage(key, nr, r, starts, classes, tail));
            }
            long computed = checked.getChecksum().getValue();
            if (in.readLong() == computed) { // a damaged page could make wrong copies: all or nothing
                pages.putAll(read);
            }
        } catch (NoSuchFileException e) {
            // the first redirected run of this kernel build
        } catch (IOException e) {
            // damaged: an empty cache, written anew at the end of the run
        }
    }
}
