package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.internal.qemu.process.ExternalCommand;
import org.hybridbridge.qemu.GuestException;
import org.hybridbridge.qemu.GuestKind;

/** What goes into each guest's initramfs (DESIGN.md 3.1). */
public final class InitramfsLayout {

    /**
     * The kernel modules the GVMs may load, from the kernel package, each without dependencies
     * or hardware: {@code /lib/modules/<name>.ko}. The demo loads dummy; the busy fixture more;
     * gvm-net the bridge (after llc and stp, its dependencies, in that order).
     */
    static final List<String> GVM_MODULES = List.of("kernel/drivers/net/dummy.ko", "kernel/drivers/net/ifb.ko",
            "kernel/drivers/net/veth.ko", "kernel/drivers/net/nlmon.ko", "kernel/lib/crc-itu-t.ko",
            "kernel/crypto/md4.ko", "kernel/net/ipv4/tcp_bic.ko", "kernel/fs/nls/nls_utf8.ko",
            "kernel/net/llc/llc.ko", "kernel/net/802/stp.ko", "kernel/net/bridge/bridge.ko");

    /** Names the demo GVM runs hb-sleeper under: processes the SVM has not. */
    static final List<String> DEMO_PROCESSES = List.of("/usr/sbin/sshd-backdoor", "/usr/bin/cryptominer");

    private static final List<String> UTILITIES = List.of("hb-agent", "hb-freeze", "getpid", "gettime", "tinyps",
            "getprocname");

    private final Path busybox;
    private final DebianUserland debian;
    private final Path modules;
    private final Path programs;
    private final Path nativeSources;

    /**
     * @param busybox       the static busybox binary
     * @param debian        Debian's utilities with their libraries: in every image, at Debian's paths
     * @param modules       the kernel's {@code lib/modules/<release>} directory
     * @param programs      the compiled {@link NativePrograms}
     * @param nativeSources {@code native/}, which holds the {@code svm-init} and {@code gvm-init} scripts
     */
    public InitramfsLayout(Path busybox, DebianUserland debian, Path modules, Path programs, Path nativeSources) {
        this.busybox = busybox;
        this.debian = debian;
        this.modules = modules;
        this.programs = programs;
        this.nativeSources = nativeSources;
    }

    public InitramfsTree tree(GuestKind kind) throws IOException {
        InitramfsTree tree = new InitramfsTree();
        for (String directory : List.of("/dev", "/proc", "/sys", "/tmp", "/root", "/etc", "/lib/modules")) {
            tree.directory(directory);
        }
        // The kernel opens /dev/console for init before anything is mounted.
        tree.charDevice("/dev/console", 0600, 5, 1);
        // ps, ls and id show user names, as on any Linux system, rather than bare uid 0.
        tree.file("/etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
        tree.file("/etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.US_ASCII));
        tree.copy(nativeSources.resolve(kind.label() + "-init"), "/init", 0755);
        tree.copy(busybox, "/bin/busybox", 0755);
        for (String utility : UTILITIES) {
            tree.copy(programs.resolve(utility), "/bin/" + utility, 0755);
        }
        debian.addTo(tree);
        // One program per name in every image, so a command means the same program in the SVM and
        // in the GVM that answered it: Debian's where it ships one, busybox's applet otherwise.
        for (String applet : busyboxApplets()) {
            if (!tree.contains(applet) && !debian.provides(applet.substring(applet.lastIndexOf('/') + 1))) {
                tree.symlink(applet, "/bin/busybox");
            }
        }
        if (kind.isGvm()) {
            addGvmContents(tree);
        }
        if (kind == GuestKind.GVM) {
            for (String name : DEMO_PROCESSES) {
                tree.copy(programs.resolve("hb-sleeper"), name, 0755);
            }
        }
        return tree;
    }

    /** What every GVM's init script may use: the modules and hb-sleeper, to start under any name. */
    private void addGvmContents(InitramfsTree tree) throws IOException {
        for (String path : GVM_MODULES) {
            Path module = modules.resolve(path);
            if (!Files.isRegularFile(module)) {
                throw new GuestException("the kernel package has no " + path + " for the GVMs");
            }
            tree.copy(module, "/lib/modules/" + module.getFileName(), 0644);
        }
        tree.copy(programs.resolve("hb-sleeper"), "/bin/hb-sleeper", 0755);
    }

    /** Absolute paths of busybox's applets, asked from the (static, host-runnable) binary itself. */
    private List<String> busyboxApplets() {
        String list = ExternalCommand.run(null, List.of(busybox.toString(), "--list-full"));
        return list.lines().map(String::strip).filter(line -> !line.isEmpty()).map(line -> "/" + line).toList();
    }
}
