package org.hybridbridge.internal.qemu.machine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every QEMU process this JVM started and has not yet ended. One shutdown hook kills those
 * left when the JVM exits, also on Ctrl-C (SIGINT/SIGTERM run shutdown hooks), so no guest
 * outlives the command that started it.
 */
public final class LiveQemuProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveQemuProcesses::killAll, "qemu-reaper"));
    }

    private LiveQemuProcesses() {
    }

    public static void register(Process qemu) {
        LIVE.add(qemu);
    }

    /** Kills {@code qemu} at once and forgets it. */
    public static void kill(Process qemu) {
        qemu.destroyForcibly();
        LIVE.remove(qemu);
    }

    private static void killAll() {
        LIVE.forEach(Process::destroyForcibly);
    }
}
