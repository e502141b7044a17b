package org.hybridbridge.internal.qemu.machine;

import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.qemu.GuestImage;
import org.hybridbridge.qemu.GuestKind;

/** The QEMU command line of DESIGN.md 3.1, in one place. */
public final class QemuCommandLine {

    /**
     * qemu64 has none of SMAP, SMEP, UMIP, PKU, PCID, INVPCID, FSGSBASE, AVX (checked in the
     * guest's /proc/cpuinfo); naming them keeps it so should the model change. SVM is on in
     * qemu64 and is dropped: a guest needs no nested virtualization.
     */
    public static final String CPU_MODEL = "qemu64,-svm,-smap,-smep,-umip,-pku,-pcid,-invpcid,-fsgsbase,-avx,-avx2";

    /** No KASLR and no page-table isolation: kernel addresses and page tables as profiled. */
    private static final String KERNEL_COMMAND_LINE = "console=ttyS0 nokaslr nopti norandmaps quiet";

    /**
     * The SVM has no vDSO: libc then asks the kernel for the time of day (clock_gettime, an
     * introspected call the GVM's timekeeper answers) instead of reading the SVM's vvar page in
     * user mode, where no redirection sees it; procps's uptime and sysstat's headers printed the
     * SVM's clock.
     */
    private static final String SVM_KERNEL_COMMAND_LINE = KERNEL_COMMAND_LINE + " vdso=0";

    /**
     * The SVM's clock starts at a date long past, never near a GVM's: an answer that took the
     * time from the SVM shows it at once instead of hiding within the tolerance of a moving clock.
     */
    private static final String SVM_CLOCK_BASE = "2001-01-01T00:00:00";

    private QemuCommandLine() {
    }

    /** @return the kernel command line {@code kind} boots with */
    public static String kernelCommandLine(GuestKind kind) {
        return kind.isGvm() ? KERNEL_COMMAND_LINE : SVM_KERNEL_COMMAND_LINE;
    }

    /** @return QEMU's {@code -rtc base}: the host's time for a GVM, a fixed past date for the SVM */
    private static String clockBase(GuestKind kind) {
        return kind.isGvm() ? "utc" : SVM_CLOCK_BASE;
    }

    /**
     * What a guest boots with beyond its image: part of the snapshot cache's key, so a snapshot
     * taken under other settings is not reused.
     */
    public static String bootSettings() {
        return kernelCommandLine(GuestKind.GVM) + "\n" + kernelCommandLine(GuestKind.SVM) + "\n" + SVM_CLOCK_BASE;
    }

    /**
     * The command that boots {@code image} paused ({@code -S}): the caller connects to the QMP
     * and gdbstub sockets, then starts it. Serial console on standard input and output; guest
     * RAM in {@code memoryFile}, so a snapshot of a paused guest is a copy of that file.
     */
    public static List<String> of(Path qemu, GuestImage image, int memoryMib, int cpus, Path qmpSocket,
            Path gdbSocket, Path memoryFile) {
        return List.of(qemu.toString(), "-accel", "tcg", "-machine", "pc,memory-backend=ram0", "-cpu", CPU_MODEL,
                "-smp", Integer.toString(cpus), "-m", memoryMib + "M", "-object",
                "memory-backend-file,id=ram0,size=" + memoryMib + "M,mem-path=" + memoryFile + ",share=on",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-S",
                "-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString(),
                "-append", kernelCommandLine(image.kind()), "-rtc", "base=" + clockBase(image.kind()),
                "-serial", "stdio",
                "-chardev", "socket,id=qmp0,path=" + qmpSocket + ",server=on,wait=off", "-mon", "chardev=qmp0,mode=control",
                "-chardev", "socket,id=gdb0,path=" + gdbSocket + ",server=on,wait=off", "-gdb", "chardev:gdb0");
    }
}
