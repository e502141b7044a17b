package org.hybridbridge.core.codepages;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

import org.hybridbridge.core.run.KernelCheck;
import org.hybridbridge.core.run.KernelSymbols;
import org.hybridbridge.core.run.SlowRun;
import org.hybridbridge.core.run.SnapshotMemory;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.core.run.VcpuStates;
import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.fast.codepage.CodePage;
import org.hybridbridge.fast.codepage.CodePageBuilder;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * The code pages of a kernel build: its text read from an SVM snapshot through the snapshot's
 * page tables (the text as it runs, alternatives and static keys applied, which is what the
 * meta-data recorded), patched by {@link CodePageBuilder} from a meta-data store.
 */
public final class KernelCodePages implements Closeable {

    private final SnapshotFile svm;
    private final KernelProfile profile;
    private final KernelSymbols symbols;
    private final CodePageBuilder builder;

    private KernelCodePages(SnapshotFile svm, KernelProfile profile, KernelMetadata metadata) {
        this.svm = svm;
        this.profile = profile;
        this.symbols = KernelSymbols.of(profile);
        Mmu kernel = VcpuStates.kernelSpace(new SnapshotMemory(svm), svm.manifest().vcpu());
        this.builder = new CodePageBuilder((address, length) -> read(kernel, address, length), symbols.textStarts(),
                symbols, metadata);
    }

    /**
     * @param svmSnapshot  an SVM snapshot of {@code profile}'s kernel build (refused in one line if of another)
     * @param metadataFile the meta-data store; an absent one is no record (every access unknown)
     */
    public static KernelCodePages open(KernelProfile profile, Path svmSnapshot, Path metadataFile) {
        KernelMetadata metadata = Files.exists(metadataFile) ? MetadataFile.read(metadataFile)
                : new KernelMetadata(profile.banner());
        SnapshotFile svm = SnapshotFile.open(svmSnapshot);
        try {
            KernelCheck.checkMatches(profile, svm);
            return new KernelCodePages(svm, profile, metadata);
        } catch (RuntimeException e) {
            closeQuietly(svm);
            throw e;
        }
    }

    /**
     * The default cache's kernel profile, its meta-data store (or {@code metadataFile}) and an SVM
     * snapshot of it (or {@code svmSnapshot}); profiles the kernel and takes the snapshot on first use.
     */
    public static KernelCodePages inDefaultCache(Path svmSnapshot, Path metadataFile, ProgressListener progress) {
        UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
        KernelProfile profile = runner.profile();
        return open(profile, svmSnapshot != null ? svmSnapshot : runner.svm(progress),
                metadataFile != null ? metadataFile : SlowRun.metadataFile(profile));
    }

    /** @return the address {@code symbolOrAddress} names: a kernel symbol, or an address in hex ({@code 0x...}) */
    public long resolve(String symbolOrAddress) {
        String name = symbolOrAddress.strip();
        if (name.startsWith("0x") || name.startsWith("0X")) {
            try {
                return Long.parseUnsignedLong(name.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "' is not an address in hex");
            }
        }
        return profile.findSymbol(name).orElseThrow(
                () -> new IllegalArgumentException("'" + name + "' is no symbol of the kernel " + profile.kernelRelease()));
    }

    /** @return the page holding {@code address}, every instruction on it */
    public CodeListing page(long address) {
        CodePage page = builder.build(CodePage.pageOf(address));
        return new CodeListing(String.format("page %#x", page.address()), page.address(),
                page.address() + CodePage.SIZE, List.of(page), page.lines());
    }

    /** @return the function holding {@code address} (from its symbol to the next), on as many pages as it spans */
    public CodeListing function(long address) {
        NavigableSet<Long> starts = symbols.textStarts();
        Long start = starts.floor(address);
        Long next = starts.higher(address);
        if (start == null || next == null) {
            throw new IllegalArgumentException(String.format("%#x is not in the kernel's text", address));
        }
        List<CodePage> pages = new ArrayList<>();
        List<CodeLine> lines = new ArrayList<>();
        for (long page = CodePage.pageOf(start); next - page > 0; page += CodePage.SIZE) {
            CodePage built = builder.build(page);
            pages.add(built);
            // an instruction across two pages is listed by both: take it from the page it starts on
            lines.addAll(built.linesBetween(Math.max(start, page), Math.min(next, page + CodePage.SIZE)));
        }
        String name = symbols.apply(start).replaceFirst("\\+0x0$", "");
        return new CodeListing(String.format("%s %#x-%#x", name, start, next), start, next, pages, lines);
    }

    private byte[] read(Mmu kernel, long address, int length) {
        byte[] bytes = new byte[length];
        try {
            kernel.read(address, bytes);
        } catch (CpuException e) {
            throw new IllegalArgumentException(String.format("%s does not map kernel text at %#x: %s", svm.path(),
                    address, e.getMessage()), e);
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        svm.close();
    }

    private static void closeQuietly(SnapshotFile file) {
        try {
            file.close();
        } catch (IOException e) {
            // the failure being thrown says more than this one
        }
    }
}
