package org.hybridbridge.model.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import org.hybridbridge.model.KernelProfile;
import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.RunHistory;
import org.hybridbridge.model.Snapshot;
import org.hybridbridge.model.UtilityRun;

/**
 * The history of utility runs: one {@link RunHistory} file that {@code hb demo}, {@code hb bench slow}
 * and the Runs view append to, so each sees the others' runs. Appends take a lock on a file beside
 * it (hb and the workbench are separate processes) and rewrite the file atomically
 * ({@link ModelStore#write}): a reader never sees half a history, a crash loses at most the run
 * being appended. Snapshots and kernels are kept once, however many runs refer to them.
 */
public final class RunHistoryStore {

    /** The lock of one JVM's threads: a file lock is held by the process, not the thread. */
    private static final Object IN_PROCESS = new Object();

    private final Path file;

    public RunHistoryStore(Path file) {
        this.file = file;
    }

    /** @return the runs so far, oldest first; an empty history when there is no file yet */
    public RunHistory read() {
        return Files.exists(file) ? ModelStore.read(file, RunHistory.class) : ModelFactory.eINSTANCE.createRunHistory();
    }

    /** Adds {@code run} at the end of the history; its snapshots and kernel join the history unless already there. */
    public void append(UtilityRun run) {
        synchronized (IN_PROCESS) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                    RunHistory history = read();
                    run.setGvm(shared(history, run.getGvm()));
                    run.setSvm(shared(history, run.getSvm()));
                    run.setKernel(shared(history, run.getKernel()));
                    history.getRuns().add(run);
                    ModelStore.write(history, file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot add the run to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The history's copy of {@code snapshot} (the same memory hash), or {@code snapshot} added to it. */
    private static Snapshot shared(RunHistory history, Snapshot snapshot) {
        if (snapshot == null) {
            return null;
        }
        for (Snapshot known : history.getSnapshots()) {
            if (known.getMemorySha256().equals(snapshot.getMemorySha256())
                    && known.getFile().equals(snapshot.getFile())) {
                return known;
            }
        }
        history.getSnapshots().add(snapshot);
        return snapshot;
    }

    /** The history's copy of {@code kernel} (the same banner and image), or {@code kernel} added to it. */
    private static KernelProfile shared(RunHistory history, KernelProfile kernel) {
        if (kernel == null) {
            return null;
        }
        for (KernelProfile known : history.getKernels()) {
            if (known.getBanner().equals(kernel.getBanner())
                    && Objects.equals(known.getImageSha256(), kernel.getImageSha256())) {
                return known;
            }
        }
        history.getKernels().add(kernel);
        return kernel;
    }
}
