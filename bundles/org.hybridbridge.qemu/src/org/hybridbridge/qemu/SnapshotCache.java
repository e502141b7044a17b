package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.internal.qemu.image.Hashes;
import org.hybridbridge.internal.qemu.machine.QemuCommandLine;
import org.hybridbridge.progress.ProgressListener;

/**
 * The snapshots the engines start from, taken once per build of the guest images and kept in
 * the cache ({@code CACHE/snapshots/IMAGES/}): the fixture GVMs, and the SVM's run-start
 * snapshot, one for every utility (hb-agent's child parked until a run writes its command line). Rebuilt images get a new directory, so a snapshot never outlives the
 * images it was taken of. Taking is atomic ({@link Snapshots}), so an interrupted run leaves
 * nothing half-written behind.
 */
public final class SnapshotCache {

    private static final int KEY_HEX_DIGITS = 16;

    private final GuestImages images;
    private final MachineOptions options;

    public SnapshotCache(GuestImages images, MachineOptions options) {
        this.images = images;
        this.options = options;
    }

    /** @return the snapshot of the GVM {@code kind}, booted as it boots by default, taken now if the cache has none */
    public Path gvm(GuestKind kind, ProgressListener progress) {
        Path file = directory().resolve(kind.label() + ".hbsnap");
        if (!Files.isRegularFile(file)) {
            Snapshots.takeGvm(images, kind, file, kind.defaultOptions(), progress);
        }
        return file;
    }

    /** @return the SVM's run-start snapshot, of every command line ({@link ParkedCommand}), taken now if the cache has none */
    public Path svm(ProgressListener progress) {
        Path file = directory().resolve("svm.hbsnap");
        if (!Files.isRegularFile(file)) {
            Snapshots.takeSvm(images, file, null, options, progress);
        }
        return file;
    }

    /**
     * The directory of the current images' snapshots, keyed by the hash of their manifest, of how
     * the guests boot and of the ground-truth commands: a GVM snapshot recorded with another list
     * would lack answers.
     */
    private Path directory() {
        Path manifest = images.imageDirectory().resolve(GuestImages.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new GuestException("no guest images in " + images.imageDirectory() + ": run hb guest build");
        }
        try {
            Path directory = images.cacheDirectory().resolve("snapshots")
                    .resolve(Hashes.sha256((Hashes.sha256(manifest) + "\n" + QemuCommandLine.bootSettings() + "\n" + String.join("\n",
                            Snapshots.GROUND_TRUTH_COMMANDS)).getBytes(StandardCharsets.UTF_8))
                            .substring(0, KEY_HEX_DIGITS));
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new GuestException("cannot prepare the snapshot cache: " + e.getMessage(), e);
        }
    }
}
