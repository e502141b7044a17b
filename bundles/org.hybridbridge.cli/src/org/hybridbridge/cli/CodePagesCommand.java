package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hybridbridge.core.codepages.CodeListing;
import org.hybridbridge.core.codepages.CodeListingJson;
import org.hybridbridge.core.codepages.KernelCodePages;
import org.hybridbridge.fast.codepage.CodeLine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hb codepages}: a kernel function (or page) beside its NR and R copies, as the Code pages
 * view shows it, from the same core code ({@link KernelCodePages}).
 */
@Command(name = "codepages", mixinStandardHelpOptions = true,
        description = { "Print the kernel code of the function holding SYMBOL or ADDRESS (or, with --page, its "
                + "whole 4 KiB page) beside its Fast-Bridge copies: the NR copy (int3 on each R, MIXED or unknown "
                + "instruction) and the R copy (int3 on each unknown instruction and each NR one that may touch SVM "
                + "kernel memory other than the stack), in AT&T syntax, [int3] marking a patch.",
                "Class: R, NR, MIXED from the meta-data, ? for an instruction that accesses memory and has no "
                        + "record, nothing for one that accesses no memory." })
final class CodePagesCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SYMBOL|ADDRESS", description = "A kernel symbol (__do_sys_getpid) or an address in hex.")
    private String target;

    @Option(names = "--page", description = "List the whole page holding it, not the function.")
    private boolean page;

    @Option(names = "--json", description = "Print one JSON document: the pages' bytes and the instructions.")
    private boolean json;

    @Option(names = "--svm", paramLabel = "FILE",
            description = "The SVM snapshot to read the kernel's text from (default: the cache's getpid run-start "
                    + "snapshot; every SVM snapshot of the build has the same text).")
    private Path svm;

    @CommandLine.Mixin
    private MetadataFileOption store;

    @Override
    public Integer call() throws IOException {
        CodeListing listing;
        try (KernelCodePages pages = KernelCodePages.inDefaultCache(svm, store.file(),
                new ProgressLine(spec.commandLine().getErr()))) {
            long address = pages.resolve(target);
            listing = page ? pages.page(address) : pages.function(address);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(CodeListingJson.of(listing));
        } else {
            out.println(listing.title());
            String format = "%-18s  %-28s  %-5s  %-32s  %-36s  %-36s  %s%n";
            out.printf(format, "address", "symbol", "class", "bytes", "original", "NR copy", "R copy");
            for (CodeLine line : listing.lines()) {
                out.printf(format, String.format("%#x", line.address()), line.symbol(), line.codeClass().label(),
                        line.hex(), line.text(), line.nrText(), line.rText());
            }
        }
        out.flush();
        return 0;
    }
}
