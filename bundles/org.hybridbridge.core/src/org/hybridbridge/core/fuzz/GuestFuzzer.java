package org.hybridbridge.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.hybridbridge.core.run.SlowRun;
import org.hybridbridge.core.run.SlowRunRequest;
import org.hybridbridge.core.run.SnapshotMemory;
import org.hybridbridge.core.run.VcpuStates;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.CopyOnWriteMemory;
import org.hybridbridge.taint.RunBudget;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * The hostile-guest harness ({@code hb fuzz}): runs each utility on the clean GVM, noting the
 * pages it reads; then derives damaged variants of the GVM from a seed (pages among those read,
 * damaged by a {@link Mutation}, in memory only) and runs every utility on each, classifying how
 * it ended ({@link Outcome}). A run that outlives its wall-time budget by a grace period is a hang.
 */
public final class GuestFuzzer {

    private static final long GRACE_SECONDS = 30;
    private static final int MOST_PAGES = 3;
    private static final int PAGE_TRIES = 32;

    /** A utility and the SVM run-start snapshot taken for it. */
    public record Target(String commandLine, Path svm) {
    }

    private final KernelProfile profile;
    private final Path gvm;
    private final List<Target> targets;
    private final RunBudget budget;
    private final Path metadataFile;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hb-fuzz-run");
        thread.setDaemon(true); // a hung run must not keep the process alive
        return thread;
    });

    /**
     * @param metadataFile where the runs' meta-data goes: not the profile's, which damaged guests
     *                     must not teach
     */
    public GuestFuzzer(KernelProfile profile, Path gvm, List<Target> targets, RunBudget budget, Path metadataFile) {
        this.profile = profile;
        this.gvm = gvm;
        this.targets = List.copyOf(targets);
        this.budget = budget;
        this.metadataFile = metadataFile;
    }

    public FuzzReport run(int variants, long seed, ProgressListener progress) {
        progress.beginTask("Fuzzing " + gvm.getFileName(), targets.size() * (variants + 1));
        try {
            BitSet pagesRead = new BitSet();
            Map<String, String> clean = new LinkedHashMap<>();
            for (Target target : targets) {
                progress.subTask("Clean run of " + target.commandLine());
                clean.put(target.commandLine(), cleanRun(target, pagesRead, progress));
                progress.worked(1);
            }
            long[] candidates = pagesRead.stream().mapToLong(page -> (long) page << 12).toArray();
            List<FuzzCase> cases = new ArrayList<>();
            try (SnapshotFile file = SnapshotFile.open(gvm)) {
                SnapshotMemory memory = new SnapshotMemory(file);
                Mutation.GuestLayout layout = layout(file.manifest(), memory);
                for (int variant = 0; variant < variants; variant++) {
                    Random random = new Random(seed * 1_000_003L + variant);
                    Mutation mutation = Mutation.values()[variant % Mutation.values().length];
                    Map<Long, byte[]> damaged = damage(memory, candidates, mutation,
                            new Mutation.Damage(layout, random));
                    for (Target target : targets) {
                        checkCancelled(progress);
                        progress.subTask(String.format("variant %d of %d (%s, %d pages): %s", variant + 1, variants,
                                mutation.label(), damaged.size(), target.commandLine()));
                        cases.add(classify(variant, mutation, damaged, target, clean.get(target.commandLine()),
                                progress));
                        progress.worked(1);
                    }
                }
                return new FuzzReport(seed, cases, unchanged(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } finally {
            runner.shutdownNow();
        }
    }

    private static boolean unchanged(SnapshotFile file) {
        try {
            file.verify();
            return true;
        } catch (InvalidSnapshotException e) {
            return false;
        }
    }

    private String cleanRun(Target target, BitSet pagesRead, ProgressListener progress) {
        try {
            RunResult result = SlowRun.run(request(target), profile, quiet(progress, new AtomicBoolean()),
                    memory -> new PageRecorder(memory, pagesRead)).result();
            if (result.exitStatus() != 0 || !result.warnings().isEmpty()) {
                throw new IllegalArgumentException("the clean GVM's " + target.commandLine() + " exits "
                        + result.exitStatus() + " with " + result.warnings().size() + " warnings: fuzz a sane guest");
            }
            return result.outputText();
        } catch (EngineError e) {
            throw new IllegalArgumentException("the clean GVM's " + target.commandLine() + " does not run: "
                    + e.getMessage(), e);
        }
    }

    /** The guest's direct map (its {@code page_offset_base}) and RAM end, which pointer mutations need. */
    private Mutation.GuestLayout layout(SnapshotManifest manifest, PhysicalMemory memory) {
        long ramEnd = manifest.memory().stream().mapToLong(range -> range.guestPhysical() + range.size()).max()
                .orElse(0);
        Mmu kernel = VcpuStates.kernelSpace(memory, manifest.vcpu());
        try {
            return new Mutation.GuestLayout(kernel.read(profile.symbol("page_offset_base"), 8), ramEnd);
        } catch (CpuException e) {
            throw new InvalidSnapshotException("the GVM's page_offset_base cannot be read: " + e.getMessage());
        }
    }

    /**
     * Damages 1 to {@link #MOST_PAGES} pages among {@code candidates} on a scratch overlay:
     * @return the damaged pages' new contents, by physical address
     */
    private static Map<Long, byte[]> damage(PhysicalMemory memory, long[] candidates, Mutation mutation,
            Mutation.Damage damage) {
        CopyOnWriteMemory scratch = new CopyOnWriteMemory(memory);
        Map<Long, byte[]> pages = new LinkedHashMap<>();
        int wanted = 1 + damage.random().nextInt(MOST_PAGES);
        for (int tries = 0; pages.size() < wanted && tries < PAGE_TRIES && candidates.length > 0; tries++) {
            long page = candidates[damage.random().nextInt(candidates.length)];
            if (!pages.containsKey(page) && mutation.apply(scratch, page, damage) > 0) {
                byte[] contents = new byte[Mutation.PAGE];
                scratch.read(page, contents, 0, Mutation.PAGE);
                pages.put(page, contents);
            }
        }
        return pages;
    }

    private FuzzCase classify(int variant, Mutation mutation, Map<Long, byte[]> damaged, Target target,
            String cleanOutput, ProgressListener progress) {
        List<Long> pages = List.copyOf(damaged.keySet());
        UnaryOperator<PhysicalMemory> damagedView = memory -> {
            CopyOnWriteMemory view = new CopyOnWriteMemory(memory);
            damaged.forEach((page, contents) -> view.write(page, contents, 0, contents.length));
            return view;
        };
        AtomicBoolean stop = new AtomicBoolean();
        Future<RunResult> run = runner.submit(
                () -> SlowRun.run(request(target), profile, quiet(progress, stop), damagedView).result());
        try {
            RunResult result = run.get(budget.wallTime().toSeconds() + GRACE_SECONDS, TimeUnit.SECONDS);
            if (!result.warnings().isEmpty()) {
                return new FuzzCase(variant, mutation, pages, target.commandLine(), Outcome.WARNING,
                        result.warnings().get(0));
            }
            String output = result.outputText();
            return output.equals(cleanOutput) && result.exitStatus() == 0
                    ? new FuzzCase(variant, mutation, pages, target.commandLine(), Outcome.CORRECT, "")
                    : new FuzzCase(variant, mutation, pages, target.commandLine(), Outcome.WRONG_WITHOUT_WARNING,
                            firstDifference(cleanOutput, output, result.exitStatus()));
        } catch (TimeoutException e) {
            stop.set(true);
            run.cancel(true);
            return new FuzzCase(variant, mutation, pages, target.commandLine(), Outcome.HANG,
                    "still running " + GRACE_SECONDS + " s past its wall-time budget");
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            boolean clear = (failure instanceof EngineError || failure instanceof InvalidSnapshotException
                    || failure instanceof IllegalArgumentException) && failure.getMessage() != null
                    && failure.getMessage().indexOf('\n') < 0;
            return new FuzzCase(variant, mutation, pages, target.commandLine(),
                    clear ? Outcome.CLEAR_ERROR : Outcome.CRASH, clear ? failure.getMessage() : failure.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("hb fuzz");
        }
    }

    private static String firstDifference(String clean, String damaged, int exitStatus) {
        String[] expected = clean.split("\n", -1);
        String[] actual = damaged.split("\n", -1);
        for (int line = 0; line < Math.max(expected.length, actual.length); line++) {
            String want = line < expected.length ? expected[line] : "(nothing)";
            String got = line < actual.length ? actual[line] : "(nothing)";
            if (!want.equals(got)) {
                return String.format("line %d: '%s' instead of '%s'", line + 1, got, want);
            }
        }
        return "exit status " + exitStatus;
    }

    private SlowRunRequest request(Target target) {
        return new SlowRunRequest(target.svm(), gvm, List.of(target.commandLine().split(" ")), true, budget, null,
                null, metadataFile, null);
    }

    private static void checkCancelled(ProgressListener progress) {
        if (progress.isCancelled()) {
            throw new CancelledException("hb fuzz");
        }
    }

    /** The runs report nothing of their own (the fuzzer reports per case) but stop when asked. */
    private static ProgressListener quiet(ProgressListener progress, AtomicBoolean stop) {
        return ProgressListener.silent(() -> stop.get() || progress.isCancelled());
    }
}
