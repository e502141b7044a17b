package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.model.ExitCount;
import org.hybridbridge.model.KernelProfile;
import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.PhaseTime;
import org.hybridbridge.model.RunVerdict;
import org.hybridbridge.model.SectionBound;
import org.hybridbridge.model.Snapshot;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.AccessClass;

/**
 * Builds the model's {@link UtilityRun} and what it refers to from the engines' results: the one
 * place where a run's figures become the record that {@code hb} prints, the history keeps and the
 * Runs view shows.
 */
public final class RunRecords {

    private static final ModelFactory MODEL = ModelFactory.eINSTANCE;

    private RunRecords() {
    }

    /** A run of {@code commandLine} by {@code engine} against {@code gvm}, its figures still to be filled in. */
    static UtilityRun started(String commandLine, BridgeEngine engine, Path gvm, org.hybridbridge.qemu.KernelProfile kernel) {
        UtilityRun run = MODEL.createUtilityRun();
        run.setCommandLine(commandLine);
        run.setEngine(engine.name());
        run.setCreated(Instant.now().toString());
        run.setGvm(snapshot(gvm));
        run.setKernel(kernel(kernel));
        return run;
    }

    /** The redirected run's figures, its answer and the verdict of the GVM's ground truth on it. */
    static void finished(UtilityRun run, RunResult result, GroundTruth.Verdict verdict) {
        run.setBridgedAnswer(answer(result));
        run.setExitStatus(result.exitStatus());
        run.setUserInstructions(result.userInstructions());
        run.setKernelInstructions(result.kernelInstructions());
        run.setIntrospectedSyscalls((int) result.introspectedSyscalls());
        run.setRedirectable((int) result.metadata().count(AccessClass.R));
        run.setNonRedirectable((int) result.metadata().count(AccessClass.NR));
        run.setStateBytes(result.stateBytes());
        run.getWarnings().addAll(result.warnings());
        judged(run, verdict);
    }

    private static void judged(UtilityRun run, GroundTruth.Verdict verdict) {
        if (verdict.known()) {
            run.setGroundTruth(verdict.expected());
            run.setVerdict(verdict.matches() ? RunVerdict.MATCHES : RunVerdict.DIFFERS);
        } else {
            run.setVerdict(RunVerdict.NO_GROUND_TRUTH);
        }
    }

    /** A Fast-Bridge run's figures, its answer, its exits and fallbacks, and the verdict of the GVM's ground truth. */
    static void finished(UtilityRun run, FastRunOutcome outcome, GroundTruth.Verdict verdict) {
        FastRunResult result = outcome.result();
        run.setBridgedAnswer(result.outputText());
        run.setExitStatus(result.exitStatus());
        exits(run, result.exits().byCause());
        run.setFallbacks(result.exits().fallbacks());
        run.setLearned(outcome.learned());
        phase(run, "setup", result.setup());
        phase(run, "run", result.run());
        judged(run, verdict);
    }

    /** @return the utility's output, then a line per kernel warning: an answer as the views show it */
    static String answer(RunResult result) {
        StringBuilder answer = new StringBuilder(result.outputText());
        result.warnings().forEach(warning -> answer.append("(warning: ").append(warning).append(")\n"));
        return answer.toString();
    }

    /** A run that ended without an answer: {@code verdict} is STOPPED or NOT_RUN, {@code why} one line. */
    static void failed(UtilityRun run, RunVerdict verdict, String why) {
        run.setVerdict(verdict);
        run.setFailure(why);
    }

    /** Adds the time of {@code phase}. */
    static void phase(UtilityRun run, String phase, Duration time) {
        PhaseTime entry = MODEL.createPhaseTime();
        entry.setPhase(phase);
        entry.setNanos(time.toNanos());
        run.getPhases().add(entry);
    }

    /** Adds the phases of a Slow-Bridge run: load, run, save. */
    static void phases(UtilityRun run, SlowRunPhases phases) {
        phase(run, "load", phases.load());
        phase(run, "run", phases.run());
        phase(run, "save", phases.save());
    }

    /** Sets the VM exits by cause (an engine that runs on KVM counts them). */
    private static void exits(UtilityRun run, Map<String, Long> byCause) {
        byCause.forEach((cause, count) -> {
            ExitCount exit = MODEL.createExitCount();
            exit.setCause(cause);
            exit.setCount(count);
            run.getExits().add(exit);
        });
    }

    /** @return the verdict in words, as hb and the Runs view print it ("as the GVM said", "stopped: why") */
    public static String verdictText(UtilityRun run) {
        return switch (run.getVerdict()) {
        case MATCHES -> "as the GVM said";
        case DIFFERS -> "DIFFERS from the GVM's own answer";
        case NO_GROUND_TRUTH -> "no ground truth";
        case STOPPED -> "stopped: " + run.getFailure();
        case NOT_RUN -> "not run: " + run.getFailure();
        };
    }

    /** @return the duration of {@code phase} of {@code run}, zero when it has no such phase */
    public static Duration phase(UtilityRun run, String phase) {
        return run.getPhases().stream().filter(p -> p.getPhase().equals(phase)).findFirst()
                .map(p -> Duration.ofNanos(p.getNanos())).orElse(Duration.ZERO);
    }

    /** @return the snapshot {@code file} as its manifest describes it */
    static Snapshot snapshot(Path file) {
        SnapshotManifest manifest;
        try (SnapshotFile snapshot = SnapshotFile.open(file)) {
            manifest = snapshot.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Snapshot snapshot = MODEL.createSnapshot();
        snapshot.setFile(file.toAbsolutePath().toString());
        snapshot.setKind(manifest.guest());
        snapshot.setRamBytes(manifest.memoryBytes());
        snapshot.setVcpus(Math.max(1, manifest.vcpus().size()));
        snapshot.setBanner(manifest.kernelBanner());
        snapshot.setMemorySha256(manifest.memorySha256());
        snapshot.setTakenAt(manifest.takenAt());
        return snapshot;
    }

    /** @return the kernel build of {@code profile}, as far as the views need it */
    static KernelProfile kernel(org.hybridbridge.qemu.KernelProfile profile) {
        KernelProfile kernel = MODEL.createKernelProfile();
        kernel.setBanner(profile.banner());
        kernel.setRelease(profile.kernelRelease());
        kernel.setImageSha256(profile.imageSha256());
        kernel.setPerCpuBase(profile.perCpuBase());
        profile.sections().forEach((symbol, address) -> {
            SectionBound bound = MODEL.createSectionBound();
            bound.setSymbol(symbol);
            bound.setAddress(address);
            kernel.getSections().add(bound);
        });
        return kernel;
    }
}
