package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hybridbridge.core.diff.DiffJson;
import org.hybridbridge.core.diff.SnapshotDiffer;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.GlobalChange;
import org.hybridbridge.model.RowDiff;
import org.hybridbridge.model.SnapshotDiff;
import org.hybridbridge.model.UtilityDiff;
import org.hybridbridge.model.store.ModelStore;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hb diff A B}: what differs between two snapshots of guests of the SVM's kernel build,
 * pages and variables first, then the objects the utilities of {@link SnapshotDiffer#UTILITIES}
 * find through Hybrid-Bridge in each (the same {@link SnapshotDiffer} the Snapshot diff view runs).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = { "Compare two snapshots of guests of the SVM's kernel build (the same guest at two times, or "
                + "two guests): pages that differ by region, the kernel variables (data, bss) whose bytes differ, and "
                + "row by row the answers of ps, lsmod, netstat -an, uname -a and free run through Hybrid-Bridge "
                + "against each: processes started or gone, modules loaded, sockets opened.",
                "Regions are A's layout. Progress on standard error." })
final class DiffCommand implements Callable<Integer> {

    /** Two guests differ in thousands of variables; a terminal shows the first ones unless asked. */
    private static final int SHOWN_VARIABLES = 40;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private GuestText guestText;

    @Parameters(arity = "1..2", paramLabel = "FILE", description = "A.hbsnap B.hbsnap: the two snapshots to "
            + "compare; or one FILE.hbdiff: a comparison saved with --save, printed again.")
    private List<Path> files;

    @Option(names = "--save", paramLabel = "FILE.hbdiff",
            description = "Also save the comparison as a new file of the model (the Snapshot diff view opens it).")
    private Path save;

    @Option(names = "--json", description = "Print one JSON document instead.")
    private boolean json;

    @Option(names = "--all", description = "List every variable that differs (by default the first "
            + SHOWN_VARIABLES + " by address; --json always lists all).")
    private boolean all;

    @Option(names = "--pages-only", description = "Compare pages and variables only, without running the utilities.")
    private boolean pagesOnly;

    @Override
    public Integer call() throws IOException {
        if (save != null && Files.exists(save)) {
            throw new CommandLine.ParameterException(spec.commandLine(), save + " exists: not overwritten");
        }
        SnapshotDiff diff;
        if (files.size() == 1) {
            if (save != null || pagesOnly) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--save and --pages-only compare two snapshots: give A.hbsnap and B.hbsnap");
            }
            diff = ModelStore.read(files.get(0), SnapshotDiff.class);
        } else {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            UtilityRunner runner = pagesOnly ? null : UtilityRunner.inDefaultCache(progress);
            KernelProfile profile = runner != null ? runner.profile()
                    : KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(), progress);
            diff = new SnapshotDiffer(profile).diff(files.get(0), files.get(1), runner, progress);
            if (save != null) {
                ModelStore.write(diff, save);
                spec.commandLine().getErr().println("saved to " + save);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(DiffJson.of(diff));
        } else {
            print(diff, out);
        }
        out.flush();
        return 0;
    }

    private void print(SnapshotDiff diff, PrintWriter out) {
        out.printf("A: %s%nB: %s%n%nPages that differ: %,d%n", diff.getA(), diff.getB(),
                SnapshotDiffer.differingPages(diff));
        diff.getPages().forEach(count -> out.printf("  %-58s %,9d of %,9d%n", count.getRegion().getLiteral(),
                count.getDiffering(), count.getCompared()));
        List<GlobalChange> globals = diff.getGlobals();
        out.printf("%nKernel variables that differ: %,d%n", globals.size());
        int shown = all ? globals.size() : Math.min(SHOWN_VARIABLES, globals.size());
        globals.subList(0, shown).forEach(global -> out.printf("  0x%x  %-48s %,7d of %,7d bytes%n",
                global.getAddress(), global.getSymbol(), global.getDifferingBytes(), global.getSize()));
        if (shown < globals.size()) {
            out.printf("  ... and %,d more (--all or --json lists them)%n", globals.size() - shown);
        }
        for (UtilityDiff utility : diff.getObjects()) {
            out.printf("%n%s through Hybrid-Bridge: ", utility.getCommandLine());
            if (utility.getError() != null) {
                out.printf("not compared: %s%n", utility.getError());
                continue;
            }
            out.printf("%d rows differ%n", utility.getRows().size());
            for (RowDiff row : utility.getRows()) {
                switch (row.getChange()) {
                    case ADDED -> out.print(guestText.shown("  + " + row.getInB() + "\n"));
                    case REMOVED -> out.print(guestText.shown("  - " + row.getInA() + "\n"));
                    case CHANGED -> out.print(guestText.shown("  ~ " + row.getInA() + "\n    " + row.getInB()
                            + "\n"));
                }
            }
        }
    }
}
