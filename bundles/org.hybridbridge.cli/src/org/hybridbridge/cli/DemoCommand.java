package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hybridbridge.core.run.BridgeEngine;
import org.hybridbridge.core.run.RunRecords;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.ExitCount;
import org.hybridbridge.model.RunVerdict;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.qemu.GuestKind;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hb demo}: the end-to-end demonstration on the embedded default guests. Each utility runs
 * from the SVM's run-start snapshot twice, alone in Slow-Bridge (the SVM's own answer) and
 * redirected to the demo GVM's snapshot by the engine chosen (Slow-Bridge by default); the
 * redirected answer is checked against what the GVM said of itself before its snapshot. Exit 0
 * when every answer matches.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = { "The end-to-end demo: getpid, hostname, uname -a, lsmod and ps run in the SVM, alone and "
                + "through Hybrid-Bridge against the demo GVM, checked against the GVM's own answers.",
                "Snapshots come from the cache (taken on first use). Exit 0 when every redirected answer is the "
                        + "GVM's, 1 otherwise.",
                "--engine fast runs the redirected side on Fast-Bridge (KVM; the engine standing in where "
                        + "/dev/kvm is absent), falling back to Slow-Bridge for what the meta-data store lacks, and "
                        + "prints each run's VM exits and fallbacks." })
final class DemoCommand implements Callable<Integer> {

    private static final List<String> UTILITIES = List.of("getpid", "hostname", "uname -a", "lsmod", "ps");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private GuestText guestText;

    @Option(names = "--utilities", split = ",", paramLabel = "LIST",
            description = "Comma-separated command lines (default: getpid,hostname,uname -a,lsmod,ps).")
    private List<String> utilities = UTILITIES;

    @Option(names = "--engine", defaultValue = "slow", paramLabel = "ENGINE",
            description = "What redirects: slow (Slow-Bridge), memo (the software fast path) or fast (Fast-Bridge) "
                    + "(default: ${DEFAULT-VALUE}).")
    private BridgeEngine engine;

    @Override
    public Integer call() {
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
        Path gvm = runner.gvm(GuestKind.GVM, progress);
        PrintWriter out = spec.commandLine().getOut();
        int mismatches = 0;
        for (String utility : utilities) {
            UtilityRun run = runner.compare(utility, gvm, engine, progress);
            out.printf("== %s%n", utility);
            print(out, "the SVM alone", run.getSvmAnswer());
            if (run.getBridgedAnswer() != null) {
                print(out, "through Hybrid-Bridge", run.getBridgedAnswer());
            }
            if (run.getGroundTruth() != null) {
                print(out, "the GVM's own answer", run.getGroundTruth());
            }
            if (engine == BridgeEngine.fast && run.getFailure() == null) {
                out.printf("  Fast-Bridge: %d VM exits, %d fallbacks to Slow-Bridge%n",
                        run.getExits().stream().mapToLong(ExitCount::getCount).sum(), run.getFallbacks());
            }
            out.printf("  -> %s%n%n", RunRecords.verdictText(run));
            mismatches += run.getVerdict() == RunVerdict.MATCHES || run.getVerdict() == RunVerdict.NO_GROUND_TRUTH
                    ? 0 : 1;
        }
        out.printf("%d of %d utilities answered as the GVM itself did%n", utilities.size() - mismatches,
                utilities.size());
        return mismatches == 0 ? 0 : 1;
    }

    private void print(PrintWriter out, String label, String text) {
        out.printf("  %s:%n", label);
        guestText.shown(text).lines().forEach(line -> out.printf("    %s%n", line));
    }
}
