package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.internal.qemu.machine.AgentProtocol;
import org.hybridbridge.internal.qemu.machine.GdbRemote;
import org.hybridbridge.internal.qemu.machine.LiveQemuProcesses;
import org.hybridbridge.internal.qemu.machine.QemuCommandLine;
import org.hybridbridge.internal.qemu.machine.QmpClient;
import org.hybridbridge.internal.qemu.machine.SerialConsole;
import org.hybridbridge.internal.qemu.machine.UnixSockets;
import org.hybridbridge.internal.qemu.snapshot.MigrationStream;
import org.hybridbridge.internal.qemu.snapshot.QemuCpuFields;
import org.hybridbridge.progress.ProgressListener;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One guest running under QEMU TCG with hb-agent on its serial console, driven through QMP and
 * the gdbstub. {@link #close()} always ends QEMU; a shutdown hook ends it should the JVM exit
 * first (Ctrl-C), so no guest outlives the call that booted it. Use with try-with-resources.
 */
public final class QemuMachine implements AutoCloseable {

    /** The address of hb_marker() in hb-agent and hb-freeze (native/hb-marker.h). */
    public static final long MARKER_ADDRESS = 0x68620000L;
    /** hb_marker()'s argument: the agent's child, just before execve of the utility. */
    public static final int MARK_EXEC = 1;
    /** hb_marker()'s argument: hb-freeze, after it printed its pid. */
    public static final int MARK_FREEZE = 2;
    /** hb_marker()'s argument: the agent's child, when the command is not in the guest. */
    public static final int MARK_MISSING = 3;
    /** hb_marker()'s argument: the agent's child, parked before it reads its command line ({@link ParkedCommand}). */
    public static final int MARK_PARK = 4;

    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final GuestImage image;
    private final MachineOptions options;
    private final Path workDirectory;
    private final Process qemu;
    private QmpClient qmp;
    private GdbRemote gdb;
    private AgentProtocol agent;
    private Duration bootTime;
    private MarkerStop stopped;
    private boolean closed;

    private QemuMachine(GuestImage image, MachineOptions options, Path workDirectory, Process qemu) {
        this.image = image;
        this.options = options;
        this.workDirectory = workDirectory;
        this.qemu = qemu;
    }

    /**
     * Boots {@code image} and returns once hb-agent prompts. On failure QEMU is ended and the
     * {@link GuestException} says why in one line.
     */
    public static QemuMachine boot(GuestImage image, MachineOptions options, ProgressListener progress) {
        QemuInstallation installation = QemuInstallation.require();
        progress.beginTask("Booting the " + image.kind().label(), 2);
        Path work;
        Process process;
        try {
            work = Files.createTempDirectory(scratchRoot(), "hb-qemu-");
            List<String> command = QemuCommandLine.of(installation.executable(), image, options.memoryMib(),
                    options.cpus(), work.resolve("qmp.sock"), work.resolve("gdb.sock"), work.resolve("ram"));
            process = new ProcessBuilder(command).redirectError(work.resolve("qemu.log").toFile()).start();
        } catch (IOException e) {
            throw new GuestException("cannot start " + QemuInstallation.PROGRAM + ": " + e.getMessage(), e);
        }
        LiveQemuProcesses.register(process, work);
        QemuMachine machine = new QemuMachine(image, options, work, process);
        try {
            machine.start(progress);
            return machine;
        } catch (RuntimeException e) {
            String reason = machine.qemuError();
            machine.close();
            throw reason.isEmpty() ? e : new GuestException(e.getMessage() + " (QEMU: " + reason + ")", e);
        }
    }

    /** Guest RAM goes to a file: in shared memory when the host has it, so copying it is fast. */
    private static Path scratchRoot() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void start(ProgressListener progress) {
        long started = System.nanoTime();
        try {
            qmp = new QmpClient(UnixSockets.connect(workDirectory.resolve("qmp.sock"), qemu, SOCKET_TIMEOUT));
            gdb = new GdbRemote(UnixSockets.connect(workDirectory.resolve("gdb.sock"), qemu, SOCKET_TIMEOUT));
        } catch (IOException e) {
            throw new GuestException("cannot connect to QEMU: " + e.getMessage(), e);
        }
        agent = new AgentProtocol(new SerialConsole(qemu.getInputStream(), qemu.getOutputStream()));
        // Guest RAM is in a shared file we copy ourselves: the migration stream carries devices only.
        qmp.execute("migrate-set-capabilities", JsonParser.parseString(
                "{\"capabilities\":[{\"capability\":\"x-ignore-shared\",\"state\":true}]}").getAsJsonObject());
        progress.step("Starting the guest's kernel");
        qmp.execute("cont", null);
        progress.step("Waiting for hb-agent");
        agent.awaitReady(options.bootTimeout());
        bootTime = Duration.ofNanos(System.nanoTime() - started);
    }

    public GuestImage image() {
        return image;
    }

    /** From starting the paused QEMU to hb-agent's first prompt. */
    public Duration bootTime() {
        return bootTime;
    }

    /** Runs one command line in the guest through hb-agent and returns what it printed and its status. */
    public CommandResult run(String commandLine) {
        checkOpen();
        if (stopped != null) {
            throw new IllegalStateException("the guest is paused at a marker: resume it first");
        }
        int pid = agent.start(commandLine, options.commandTimeout());
        return agent.finish(commandLine, pid, options.commandTimeout());
    }

    /**
     * Where a command stopped at hb_marker(): the guest is paused in user mode with the
     * command's process current, until {@link #resumeFromMarker()}.
     *
     * @param command the command line
     * @param pid     the guest pid of the command's process
     * @param kind    {@link #MARK_EXEC} or {@link #MARK_FREEZE}
     * @param cpu     the vCPU it stopped on
     */
    public record MarkerStop(String command, int pid, int kind, int cpu) {
    }

    /**
     * Sends {@code commandLine} and pauses the guest when its process reaches hb_marker() with
     * {@code kind} (earlier marks of other kinds are passed over). A command the guest does not
     * have fails at once, in one line.
     */
    public MarkerStop stopAtMarker(String commandLine, int kind) {
        checkOpen();
        if (stopped != null) {
            throw new IllegalStateException("the guest is paused at a marker already: " + stopped);
        }
        gdb.interrupt(SOCKET_TIMEOUT);
        gdb.insertBreakpoint(MARKER_ADDRESS);
        gdb.resume();
        int pid = agent.start(commandLine, options.commandTimeout());
        while (true) {
            String reply = gdb.awaitStop(options.commandTimeout());
            long rip = littleEndian(gdb.register("rip"));
            long mark = littleEndian(gdb.register("rdi"));
            if (rip != MARKER_ADDRESS) {
                throw new GuestException("the guest stopped at " + Long.toHexString(rip) + ", not at hb_marker()");
            }
            if (mark == kind) {
                stopped = new MarkerStop(commandLine, pid, kind, GdbRemote.stoppedCpu(reply));
                return stopped;
            }
            if (mark == MARK_MISSING) {
                gdb.removeBreakpoint(MARKER_ADDRESS);
                gdb.resume();
                agent.finish(commandLine, pid, options.commandTimeout());
                throw new GuestException("the " + image.kind().name() + " has no command "
                        + commandLine.strip().split("\\s+")[0]);
            }
            gdb.stepOverBreakpoint(MARKER_ADDRESS, options.commandTimeout());
            gdb.resume();
        }
    }

    /** Removes the marker breakpoint, lets the paused command finish and returns its result. */
    public CommandResult resumeFromMarker() {
        checkOpen();
        if (stopped == null) {
            throw new IllegalStateException("the guest is not paused at a marker");
        }
        MarkerStop stop = stopped;
        stopped = null;
        gdb.removeBreakpoint(MARKER_ADDRESS);
        gdb.resume();
        return agent.finish(stop.command(), stop.pid(), options.commandTimeout());
    }

    /** The guest's RAM size in bytes; RAM starts at guest-physical 0 and has no hole (at most 3 GiB). */
    public long memorySize() {
        return (long) options.memoryMib() << 20;
    }

    /**
     * The complete state of the vCPU the guest stopped at its marker on, read from a QEMU
     * migration stream of its devices (RAM left out): the one source that includes every MSR.
     */
    public VcpuState vcpuState() {
        checkPaused();
        Path stream = workDirectory.resolve("cpu.migration");
        JsonObject arguments = new JsonObject();
        arguments.addProperty("uri", "exec:cat > '" + stream + "'");
        qmp.execute("migrate", arguments);
        awaitMigration();
        try {
            return QemuCpuFields.toVcpuState(MigrationStream.fieldsOf(Files.readAllBytes(stream), "cpu",
                    stopped.cpu()));
        } catch (IOException e) {
            throw new GuestException("cannot read the vCPU state QEMU wrote: " + e.getMessage(), e);
        }
    }

    private void awaitMigration() {
        long deadline = System.nanoTime() + SOCKET_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject status = qmp.execute("query-migrate", null).getAsJsonObject();
            String state = status.has("status") ? status.get("status").getAsString() : "";
            if (state.equals("completed")) {
                return;
            }
            if (state.equals("failed")) {
                String reason = status.has("error-desc") ? status.get("error-desc").getAsString() : "no reason given";
                throw new GuestException("QEMU could not save the vCPU state: " + reason);
            }
            sleep(Duration.ofMillis(20));
        }
        throw new GuestException("QEMU did not save the vCPU state within " + SOCKET_TIMEOUT.toSeconds() + " s");
    }

    /** Copies the paused guest's physical memory, from address 0, to {@code target}. */
    public void copyMemory(WritableByteChannel target) {
        checkPaused();
        try (FileChannel memory = FileChannel.open(workDirectory.resolve("ram"), StandardOpenOption.READ)) {
            long size = memorySize();
            for (long done = 0; done < size;) {
                done += memory.transferTo(done, size - done, target);
            }
        } catch (IOException e) {
            throw new GuestException("cannot copy the guest's memory: " + e.getMessage(), e);
        }
    }

    /**
     * Writes QEMU's own ELF core of the guest, running or paused at a marker ({@code dump-guest-memory},
     * physical, no paging: what {@code virsh dump --memory-only} writes). QEMU stops a running guest for the
     * dump and lets it go on afterwards.
     */
    public void dumpGuestMemory(Path elfCore) {
        checkOpen();
        JsonObject arguments = new JsonObject();
        arguments.addProperty("paging", false);
        arguments.addProperty("protocol", "file:" + elfCore.toAbsolutePath());
        qmp.execute("dump-guest-memory", arguments);
    }

    private void checkPaused() {
        checkOpen();
        if (stopped == null) {
            throw new IllegalStateException("the guest must be paused at a marker");
        }
    }

    private static long littleEndian(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException("interrupted while waiting for QEMU", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the " + image.kind().label() + " guest was closed");
        }
    }

    /** What QEMU printed on its standard error last, or "" (for error messages). */
    private String qemuError() {
        try {
            List<String> lines = Files.readAllLines(workDirectory.resolve("qemu.log"));
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Ends QEMU (immediately: the guest's state is not kept) and removes its scratch files. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LiveQemuProcesses.end(qemu);
        for (AutoCloseable connection : new AutoCloseable[] { qmp, gdb }) {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (Exception e) {
                // the peer is gone already; nothing is left to release
            }
        }
    }
}
