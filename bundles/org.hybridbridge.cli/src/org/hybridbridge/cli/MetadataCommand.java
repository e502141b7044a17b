package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.hybridbridge.core.metadata.MetadataExport;
import org.hybridbridge.core.metadata.MetadataFilter;
import org.hybridbridge.core.metadata.MetadataQuery;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.SourceNames;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hb metadata}: the kernel build's meta-data records, filtered as the Taint table view
 * filters them ({@link MetadataFilter}), as text, CSV or JSON; {@code hb metadata export} writes
 * them all to a file.
 */
@Command(name = "metadata", mixinStandardHelpOptions = true, subcommands = MetadataCommand.Export.class,
        description = { "Print the meta-data of the SVM's kernel build: one line per kernel instruction the "
                + "introspected system calls ran with a memory access (address, class, executions, symbol, AT&T "
                + "text, system calls, utilities, taint source), by address.",
                "Filters combine; --count prints only how many records pass." })
final class MetadataCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--class", paramLabel = "R|NR|MIXED", description = "Only instructions of this class.")
    private AccessClass accessClass;

    @Option(names = "--utility", paramLabel = "U", description = "Only instructions a run of this utility reached.")
    private String utility;

    @Option(names = "--syscall", paramLabel = "S", description = "Only instructions this system call reached.")
    private String syscall;

    @Option(names = "--symbol", paramLabel = "REGEX",
            description = "Only instructions whose symbol+offset or AT&T text contains a match.")
    private Pattern pattern;

    @Option(names = "--count", description = "Print how many records pass the filters.")
    private boolean count;

    @Option(names = "--csv", description = "Print CSV (a header line, then one line per record).")
    private boolean csv;

    @Option(names = "--json", description = "Print one JSON array.")
    private boolean json;

    @CommandLine.Mixin
    private MetadataFileOption store;

    @Override
    public Integer call() throws IOException {
        if (csv && json) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--csv and --json exclude each other");
        }
        List<InstructionRecord> records = query().select(new MetadataFilter(accessClass, utility, syscall, pattern));
        PrintWriter out = spec.commandLine().getOut();
        if (count) {
            out.println(records.size());
        } else if (csv) {
            MetadataExport.csv(records, out, ProgressListener.NONE);
        } else if (json) {
            MetadataExport.json(records, out);
            out.println();
        } else {
            records.forEach(r -> out.printf("%-18s %-5s %,9d  %-36s %-40s %s  %s  %s%n", MetadataExport.address(r),
                    r.accessClass(), r.executions(), r.symbol(), r.text(), String.join(",", r.syscalls()),
                    String.join(",", r.utilities()), r.taintSources().isEmpty() ? "-" : SourceNames.join(r.taintSources())));
        }
        out.flush();
        return 0;
    }

    /** The store named by --metadata, or the kernel profile's (profiling the kernel on first use). */
    MetadataQuery query() {
        if (store.file() != null) {
            return MetadataQuery.of(store.file());
        }
        return MetadataQuery.of(KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(),
                new ProgressLine(spec.commandLine().getErr())));
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every record to a new file, as CSV or as JSON (an existing file is refused).")
    static final class Export implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        private MetadataCommand parent;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        private Target target;

        static final class Target {
            @Option(names = "--csv", paramLabel = "FILE", required = true, description = "Write CSV to FILE.")
            Path csv;

            @Option(names = "--json", paramLabel = "FILE", required = true, description = "Write JSON to FILE.")
            Path json;
        }

        @Override
        public Integer call() {
            Path output = target.csv != null ? target.csv : target.json;
            if (Files.exists(output)) {
                throw new CommandLine.ParameterException(spec.commandLine(), output + " exists: not overwritten");
            }
            List<InstructionRecord> records = parent.query().all();
            try (Writer writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW)) {
                if (target.csv != null) {
                    MetadataExport.csv(records, writer, ProgressListener.NONE);
                } else {
                    MetadataExport.json(records, writer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            spec.commandLine().getErr().printf("%,d records written to %s%n", records.size(), output);
            return 0;
        }
    }
}
