package org.hybridbridge.internal.qemu.machine;

import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.qemu.GuestImage;

/** The QEMU command line of DESIGN.md 3.1, in one place. */
public final class QemuCommandLine {

    /**
     * qemu64 has none of SMAP, SMEP, UMIP, PKU, PCID, INVPCID, FSGSBASE, AVX (checked in the
     * guest's /proc/cpuinfo); naming them keeps it so should the model change. SVM is on in
     * qemu64 and is dropped: a guest needs no nested virtualization.
     */
    public static final String CPU_MODEL = "qemu64,-svm,-smap,-smep,-umip,-pku,-pcid,-invpcid,-fsgsbase,-avx,-avx2";

    /** No KASLR and no page-table isolation: kernel addresses and page tables as profiled. */
    public static final String KERNEL_COMMAND_LINE = "console=ttyS0 nokaslr nopti norandmaps quiet";

    private QemuCommandLine() {
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
                "-append", KERNEL_COMMAND_LINE, "-serial", "stdio",
                "-chardev", "socket,id=qmp0,path=" + qmpSocket + ",server=on,wait=off", "-mon", "chardev=qmp0,mode=control",
                "-chardev", "socket,id=gdb0,path=" + gdbSocket + ",server=on,wait=off", "-gdb", "chardev:gdb0");
    }
}
