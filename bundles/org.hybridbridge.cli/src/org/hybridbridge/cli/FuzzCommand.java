package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.hybridbridge.core.fuzz.FuzzCase;
import org.hybridbridge.core.fuzz.FuzzReport;
import org.hybridbridge.core.fuzz.GuestFuzzer;
import org.hybridbridge.core.fuzz.Mutation;
import org.hybridbridge.core.fuzz.Outcome;
import org.hybridbridge.core.run.ControlCharacters;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.SnapshotCache;
import org.hybridbridge.taint.RunBudget;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hb fuzz}: the hostile-guest harness ({@link GuestFuzzer}); prints its outcomes and every case not correct. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = { "Run utilities through Slow-Bridge on damaged variants of a GVM and classify every run: "
                + "correct, answer with warning, clear bounded error, wrong without warning, hang, crash.",
                "Each variant damages 1-3 pages among those the utilities read on the clean GVM (zeroed, random "
                        + "bytes, pointers to themselves, dangling pointers, planted banners, control characters in "
                        + "names), in memory only: the snapshot file is verified unchanged. Exits 1 when a run hung "
                        + "or crashed or the snapshot changed." })
final class FuzzCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--gvm", paramLabel = "GVM.hbsnap",
            description = "The GVM snapshot to damage (default: the --guest fixture's, from the cache).")
    private Path gvm;

    @CommandLine.Mixin
    private FixtureGuestOption guest;

    @Option(names = "--utilities", split = ",", paramLabel = "LIST",
            description = "Comma-separated utilities (default: getpid, uname, lsmod, ps).")
    private List<String> utilities = List.of("getpid", "uname", "lsmod", "ps");

    @Option(names = "--variants", paramLabel = "N", defaultValue = "20",
            description = "Damaged variants of the GVM (default: ${DEFAULT-VALUE}).")
    private int variants;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "The seed the variants derive from (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--wall-budget", paramLabel = "SECONDS", defaultValue = "60",
            description = "Wall-time budget of each run (default: ${DEFAULT-VALUE}); 30 s past it, a run is a hang.")
    private long wallBudget;

    @Override
    public Integer call() throws IOException {
        if (variants < 1) {
            throw new IllegalArgumentException("--variants must be at least 1, not " + variants);
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        GuestImages images = GuestImages.inDefaultCache();
        SnapshotCache snapshots = new SnapshotCache(images, MachineOptions.defaults());
        KernelProfile profile = KernelProfiler.profile(images, MachineOptions.defaults(), progress);
        Path target = gvm != null ? gvm : snapshots.gvm(guest.guest(), progress);
        List<GuestFuzzer.Target> targets = new ArrayList<>();
        for (String utility : utilities) {
            targets.add(new GuestFuzzer.Target(utility, snapshots.svm(progress)));
        }
        Path scratch = Files.createTempDirectory("hb-fuzz");
        try {
            RunBudget budget = RunBudget.DEFAULT.withWallTime(Duration.ofSeconds(wallBudget));
            FuzzReport report = new GuestFuzzer(profile, target, targets, budget, scratch.resolve("metadata.hbmeta"))
                    .run(variants, seed, progress);
            print(report, target, spec.commandLine().getOut());
            boolean failed = report.count(Outcome.HANG) + report.count(Outcome.CRASH) > 0
                    || !report.snapshotVerified();
            return failed ? 1 : 0;
        } finally {
            try (Stream<Path> files = Files.list(scratch)) { // the meta-data and its lock file
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(scratch);
        }
    }

    private void print(FuzzReport report, Path target, PrintWriter out) {
        out.printf("hb fuzz: %d variants of %s, seed %d, utilities %s%n", variants, target, report.seed(),
                String.join(",", utilities));
        out.printf("%-30s", "mutation");
        for (Outcome outcome : Outcome.values()) {
            out.printf(" %22s", outcome.label());
        }
        out.println();
        Map<Mutation, Map<Outcome, Integer>> counts = report.counts();
        for (Mutation mutation : Mutation.values()) {
            out.printf("%-30s", mutation.label());
            for (Outcome outcome : Outcome.values()) {
                out.printf(" %22d", counts.getOrDefault(mutation, Map.of()).getOrDefault(outcome, 0));
            }
            out.println();
        }
        out.printf("%-30s", "all");
        for (Outcome outcome : Outcome.values()) {
            out.printf(" %22d", report.count(outcome));
        }
        out.println();
        out.printf("snapshot       %s%n", report.snapshotVerified()
                ? "unchanged: memory sha256 verified at the end (every run maps it read-only)" : "CHANGED");
        for (FuzzCase c : report.cases()) {
            if (c.outcome() != Outcome.CORRECT) {
                out.printf("variant %d %-28s %-8s %-22s %s%n", c.variant(), c.mutation().label(), c.utility(),
                        c.outcome().label(), ControlCharacters.escaped(c.detail()));
            }
        }
    }
}
