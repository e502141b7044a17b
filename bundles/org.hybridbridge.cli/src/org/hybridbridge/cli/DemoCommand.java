package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hybridbridge.core.run.GroundTruth;
import org.hybridbridge.core.run.SlowRun;
import org.hybridbridge.core.run.SlowRunRequest;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.SnapshotCache;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.RunResult;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hb demo}: the end-to-end demonstration on the embedded default guests. Each utility runs
 * from the SVM's run-start snapshot twice in Slow-Bridge, alone (the SVM's own answer) and
 * redirected to the demo GVM's snapshot; the redirected answer is checked against what the GVM
 * said of itself before its snapshot. Exit 0 when every answer matches.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = { "The end-to-end demo: getpid, hostname, uname -a, lsmod and ps run in the SVM, alone and "
                + "through Hybrid-Bridge against the demo GVM, checked against the GVM's own answers.",
                "Snapshots come from the cache (taken on first use). Exit 0 when every redirected answer is the "
                        + "GVM's, 1 otherwise." })
final class DemoCommand implements Callable<Integer> {

    private static final List<String> UTILITIES = List.of("getpid", "hostname", "uname -a", "lsmod", "ps");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private GuestText guestText;

    @Option(names = "--utilities", split = ",", paramLabel = "LIST",
            description = "Comma-separated command lines (default: getpid,hostname,uname -a,lsmod,ps).")
    private List<String> utilities = UTILITIES;

    @Override
    public Integer call() {
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        GuestImages images = GuestImages.inDefaultCache();
        SnapshotCache snapshots = new SnapshotCache(images, MachineOptions.defaults());
        KernelProfile profile = KernelProfiler.profile(images, MachineOptions.defaults(), progress);
        Path gvm = snapshots.gvm(GuestKind.GVM, progress);
        SnapshotManifest gvmManifest = manifestOf(gvm);
        PrintWriter out = spec.commandLine().getOut();
        int mismatches = 0;
        for (String utility : utilities) {
            List<String> command = List.of(utility.strip().split("\\s+"));
            Path svm = snapshots.svm(utility, progress);
            out.printf("== %s%n", utility);
            String alone = run(new SlowRunRequest(svm, null, command, false, SlowRunRequest.DEFAULT_BUDGET, null,
                    null, null, null), profile, progress);
            String redirected = run(new SlowRunRequest(svm, gvm, command, true, SlowRunRequest.DEFAULT_BUDGET, null,
                    null, null, null), profile, progress);
            print(out, "the SVM alone", alone);
            print(out, "through Hybrid-Bridge", redirected);
            GroundTruth.Verdict verdict = GroundTruth.check(command, redirected, gvmManifest);
            if (verdict.known()) {
                print(out, "the GVM's own answer", verdict.expected());
                out.printf("  -> %s%n%n", verdict.matches() ? "the GVM's answer" : "DIFFERS from the GVM's answer");
                mismatches += verdict.matches() ? 0 : 1;
            } else {
                out.printf("  -> no ground truth for %s in the GVM snapshot%n%n", utility);
            }
        }
        out.printf("%d of %d utilities answered as the GVM itself did%n", utilities.size() - mismatches,
                utilities.size());
        return mismatches == 0 ? 0 : 1;
    }

    private static SnapshotManifest manifestOf(Path snapshot) {
        try (SnapshotFile file = SnapshotFile.open(snapshot)) {
            return file.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The utility's output and the kernel's warnings, or the one line that says why the run stopped. */
    private static String run(SlowRunRequest request, KernelProfile profile, ProgressLine progress) {
        try {
            RunResult result = SlowRun.run(request, profile, progress).result();
            StringBuilder text = new StringBuilder(result.outputText());
            result.warnings().forEach(warning -> text.append("(warning: ").append(warning).append(")\n"));
            return text.toString();
        } catch (RuntimeException e) {
            return "(run stopped: " + e.getMessage() + ")\n";
        }
    }

    private void print(PrintWriter out, String label, String text) {
        out.printf("  %s:%n", label);
        guestText.shown(text).lines().forEach(line -> out.printf("    %s%n", line));
    }
}
