package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hybridbridge.core.diff.DiffJson;
import org.hybridbridge.core.diff.SnapshotDiff;
import org.hybridbridge.core.diff.SnapshotDiffer;
import org.hybridbridge.core.run.UtilityRunner;
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

    @Parameters(index = "0", paramLabel = "A.hbsnap", description = "The first snapshot.")
    private Path a;

    @Parameters(index = "1", paramLabel = "B.hbsnap", description = "The second snapshot.")
    private Path b;

    @Option(names = "--json", description = "Print one JSON document instead.")
    private boolean json;

    @Option(names = "--all", description = "List every variable that differs (by default the first "
            + SHOWN_VARIABLES + " by address; --json always lists all).")
    private boolean all;

    @Option(names = "--pages-only", description = "Compare pages and variables only, without running the utilities.")
    private boolean pagesOnly;

    @Override
    public Integer call() {
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        UtilityRunner runner = pagesOnly ? null : UtilityRunner.inDefaultCache(progress);
        KernelProfile profile = runner != null ? runner.profile()
                : KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(), progress);
        SnapshotDiff diff = new SnapshotDiffer(profile).diff(a, b, runner, progress);
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
        out.printf("A: %s%nB: %s%n%nPages that differ: %,d%n", diff.a(), diff.b(), diff.differingPages());
        diff.pages().forEach(count -> out.printf("  %-58s %,9d of %,9d%n", count.region().label(), count.differing(),
                count.compared()));
        out.printf("%nKernel variables that differ: %,d%n", diff.globals().size());
        int shown = all ? diff.globals().size() : Math.min(SHOWN_VARIABLES, diff.globals().size());
        diff.globals().subList(0, shown).forEach(global -> out.printf("  0x%x  %-48s %,7d of %,7d bytes%n",
                global.address(), global.symbol(), global.differingBytes(), global.size()));
        if (shown < diff.globals().size()) {
            out.printf("  ... and %,d more (--all or --json lists them)%n", diff.globals().size() - shown);
        }
        for (SnapshotDiff.UtilityDiff utility : diff.objects()) {
            out.printf("%n%s through Hybrid-Bridge: ", utility.commandLine());
            if (utility.error() != null) {
                out.printf("not compared: %s%n", utility.error());
                continue;
            }
            out.printf("%d rows differ%n", utility.rows().size());
            for (SnapshotDiff.RowChange row : utility.rows()) {
                switch (row.change()) {
                    case ADDED -> out.print(guestText.shown("  + " + row.inB() + "\n"));
                    case REMOVED -> out.print(guestText.shown("  - " + row.inA() + "\n"));
                    case CHANGED -> out.print(guestText.shown("  ~ " + row.inA() + "\n    " + row.inB() + "\n"));
                }
            }
        }
    }
}
