package org.hybridbridge.qemu;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.hybridbridge.internal.qemu.profile.Btf;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * What we know of one kernel build (DESIGN.md 2), taken from the running SVM: its symbols
 * ({@code /proc/kallsyms} at link addresses, booted with {@code nokaslr}), its types (BTF), its
 * banner, and the per-CPU base of CPU 0. Stored in a directory of the cache:
 * {@code kallsyms}, {@code btf}, {@code profile.json}.
 */
public final class KernelProfile {

    /** Symbols bounding the sections (DESIGN.md 2). Per-CPU symbols are offsets, not addresses. */
    public static final List<String> SECTION_SYMBOLS = List.of("_text", "_stext", "_etext", "_sdata", "_edata",
            "__bss_start", "__bss_stop", "_end", "__per_cpu_start", "__per_cpu_end");

    /** Entry points and tables every engine needs. */
    public static final List<String> KEY_SYMBOLS = List.of("entry_SYSCALL_64", "do_syscall_64", "sys_call_table",
            "init_task", "linux_banner", "__per_cpu_offset");

    static final String KALLSYMS = "kallsyms";
    static final String BTF = "btf";
    static final String DESCRIPTION = "profile.json";

    /**
     * {@code profile.json}.
     *
     * @param banner        the kernel's banner, trailing newline included
     * @param kernelRelease e.g. {@code 6.1.0-56-cloud-amd64}
     * @param imageSha256   SHA-256 of the bzImage
     * @param svmInitramfsSha256 SHA-256 of the SVM initramfs the profile was read from: the per-CPU
     *                      base moves with its size, so another SVM image is profiled again
     * @param perCpuBase    CPU 0's per-CPU base (its GS base in kernel mode), hex
     * @param sections      {@link #SECTION_SYMBOLS} to their addresses, hex
     * @param keySymbols    {@link #KEY_SYMBOLS} to their addresses, hex
     */
    record Description(String banner, String kernelRelease, String imageSha256, String svmInitramfsSha256,
            String perCpuBase,
            Map<String, String> sections, Map<String, String> keySymbols) {
    }

    private final Path directory;
    private final Description description;
    private final Map<String, Long> symbols;
    private Btf btf;

    private KernelProfile(Path directory, Description description, Map<String, Long> symbols) {
        this.directory = directory;
        this.description = description;
        this.symbols = symbols;
    }

    /** Loads the profile stored in {@code directory}. */
    public static KernelProfile load(Path directory) {
        try (Reader reader = Files.newBufferedReader(directory.resolve(DESCRIPTION))) {
            Description description = new Gson().fromJson(reader, Description.class);
            return new KernelProfile(directory, description,
                    parseKallsyms(Files.readString(directory.resolve(KALLSYMS), StandardCharsets.US_ASCII)));
        } catch (IOException | JsonParseException e) {
            throw new GuestException("cannot read the kernel profile in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Name to address of {@code /proc/kallsyms} text; a name listed twice (static functions) keeps
     * its first address. Lines are {@code ADDRESS TYPE NAME} (then {@code \t[module]} for modules).
     * Scanned by hand: splitting 87,000 lines with a regular expression was a tenth of a fresh
     * {@code hb run}.
     */
    static Map<String, Long> parseKallsyms(String kallsyms) {
        Map<String, Long> symbols = new HashMap<>(1 << 17);
        int length = kallsyms.length();
        for (int line = 0; line < length;) {
            int end = kallsyms.indexOf('\n', line);
            if (end < 0) {
                end = length;
            }
            int start = skipBlanks(kallsyms, line, end);
            int addressEnd = nextBlank(kallsyms, start, end);
            int typeEnd = nextBlank(kallsyms, skipBlanks(kallsyms, addressEnd, end), end);
            int nameStart = skipBlanks(kallsyms, typeEnd, end);
            int nameEnd = nextBlank(kallsyms, nameStart, end);
            if (addressEnd - start == 16 && typeEnd > addressEnd && nameEnd > nameStart) {
                symbols.putIfAbsent(kallsyms.substring(nameStart, nameEnd),
                        Long.parseUnsignedLong(kallsyms, start, addressEnd, 16));
            }
            line = end + 1;
        }
        return symbols;
    }

    private static int skipBlanks(String text, int from, int end) {
        while (from < end && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int nextBlank(String text, int from, int end) {
        while (from < end && !Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    public Path directory() {
        return directory;
    }

    public String banner() {
        return description.banner();
    }

    public String kernelRelease() {
        return description.kernelRelease();
    }

    public String imageSha256() {
        return description.imageSha256();
    }

    /** CPU 0's per-CPU base: where {@code %gs:} points in kernel mode. */
    /** @return the SHA-256 of the SVM initramfs it was read from; null in a profile written before it was kept */
    String svmInitramfsSha256() {
        return description.svmInitramfsSha256();
    }

    public long perCpuBase() {
        return Long.parseUnsignedLong(description.perCpuBase().substring(2), 16);
    }

    public int symbolCount() {
        return symbols.size();
    }

    /** Every symbol of {@code /proc/kallsyms}, name to address (per-CPU variables: their offset in the per-CPU area). */
    public Map<String, Long> symbols() {
        return Collections.unmodifiableMap(symbols);
    }

    public OptionalLong findSymbol(String name) {
        Long address = symbols.get(name);
        return address == null ? OptionalLong.empty() : OptionalLong.of(address);
    }

    /** The address of {@code name}, or a one-line error. */
    public long symbol(String name) {
        return findSymbol(name).orElseThrow(
                () -> new GuestException("kernel " + kernelRelease() + " has no symbol " + name));
    }

    /** {@link #SECTION_SYMBOLS} to their addresses. */
    public Map<String, Long> sections() {
        Map<String, Long> sections = new LinkedHashMap<>();
        description.sections().forEach((name, hex) -> sections.put(name, Long.parseUnsignedLong(hex.substring(2), 16)));
        return Collections.unmodifiableMap(sections);
    }

    /** The byte offset of {@code member} in {@code struct struct}, from BTF; a one-line error if unknown. */
    public long memberOffset(String struct, String member) {
        return btf().memberOffset(struct, member).orElseThrow(() -> new GuestException(
                "kernel " + kernelRelease() + "'s BTF has no byte-aligned member " + struct + "." + member));
    }

    /** The raw BTF blob ({@code /sys/kernel/btf/vmlinux}). */
    public byte[] btfBytes() {
        try {
            return Files.readAllBytes(directory.resolve(BTF));
        } catch (IOException e) {
            throw new GuestException("cannot read " + directory.resolve(BTF) + ": " + e.getMessage(), e);
        }
    }

    private synchronized Btf btf() {
        if (btf == null) {
            btf = new Btf(btfBytes());
        }
        return btf;
    }

    /** Fails in one line unless {@code snapshot} was taken of a guest running this kernel build. */
    public void checkMatches(SnapshotManifest snapshot) {
        if (!banner().equals(snapshot.kernelBanner())) {
            throw new InvalidSnapshotException("the snapshot's kernel (" + snapshot.kernelBanner().strip()
                    + ") is not this profile's (" + banner().strip() + ")");
        }
    }
}
