package org.hybridbridge.internal.qemu.machine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hybridbridge.qemu.Directories;

/**
 * Every QEMU process this JVM started and has not yet ended, with its scratch directory (which
 * holds the guest's RAM file). One shutdown hook ends those left when the JVM exits, also on
 * Ctrl-C or SIGTERM, so no guest and no RAM file outlives the command that started it.
 */
public final class LiveQemuProcesses {

    private static final Map<Process, Path> LIVE = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveQemuProcesses::endAll, "qemu-reaper"));
    }

    private LiveQemuProcesses() {
    }

    public static void register(Process qemu, Path workDirectory) {
        LIVE.put(qemu, workDirectory);
    }

    /** Kills {@code qemu} at once, waits for it, removes its scratch directory and forgets it. */
    public static void end(Process qemu) {
        Path workDirectory = LIVE.remove(qemu);
        qemu.destroyForcibly();
        try {
            qemu.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (workDirectory != null) {
            try {
                Directories.deleteRecursively(workDirectory);
            } catch (IOException e) {
                // left in a temporary directory, which the system cleans up
            }
        }
    }

    private static void endAll() {
        LIVE.keySet().forEach(LiveQemuProcesses::end);
    }
}
