package org.hybridbridge.taint.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped syscall table, its format, and the /proc rules of the classifier. */
class SyscallTableTest {

    /** The kernel's own numbering, as the C library's headers carry it. */
    private static final Path UNISTD_64 = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    private static final long AT_FDCWD_AS_INT = 0xffffff9cL; // glibc passes dirfd in EDI: upper half zero

    private final SyscallTable table = SyscallTable.defaults();
    private final SyscallClassifier classifier = new SyscallClassifier(table);

    @Test
    void everyNumberIsTheKernelsForItsName() throws IOException {
        Requirements.require(Files.isReadable(UNISTD_64),
                "no " + UNISTD_64 + " (Debian package linux-libc-dev) to compare with");
        Map<String, Integer> kernel = new HashMap<>();
        Matcher define = Pattern.compile("#define __NR_(\\w+) (\\d+)").matcher(Files.readString(UNISTD_64));
        while (define.find()) {
            kernel.put(define.group(1), Integer.parseInt(define.group(2)));
        }
        assertTrue(table.syscalls().size() > 60);
        for (Syscall syscall : table.syscalls()) {
            assertEquals(kernel.get(syscall.name()), syscall.number(), syscall.name());
        }
    }

    @Test
    void identityAndSystemStateAreIntrospectedMemoryAndExecAreLocal() {
        assertEquals(SyscallDecision.INTROSPECT, decide("getpid", 0, 0, null));
        assertEquals(SyscallDecision.INTROSPECT, decide("uname", 0x7fff0000, 0, null));
        assertEquals(SyscallDecision.INTROSPECT, decide("sysinfo", 0x7fff0000, 0, null));
        assertEquals(SyscallDecision.LOCAL, decide("execve", 0x7fff0000, 0, "/bin/getpid"));
        assertEquals(SyscallDecision.LOCAL, decide("brk", 0, 0, null));
        assertEquals(SyscallDecision.LOCAL, decide("arch_prctl", 0x1002, 0, null));
        assertEquals(SyscallDecision.EXIT, decide("exit_group", 0, 0, null));
        assertEquals(SyscallDecision.CAPTURE_OUTPUT, decide("write", 1, 0x4a0000, null));
        assertEquals(SyscallDecision.CAPTURE_OUTPUT, decide("writev", 2, 0x4a0000, null));
        assertEquals(SyscallDecision.LOCAL, decide("write", 5, 0x4a0000, null));
    }

    @Test
    void fileCallsAreIntrospectedOnProcAndTheirDescriptorsAreTrackedUntilClosed() {
        assertEquals(SyscallDecision.LOCAL, decide("openat", AT_FDCWD_AS_INT, 0x1000, "/etc/passwd"));
        assertEquals(SyscallDecision.LOCAL, decide("openat", AT_FDCWD_AS_INT, 0x1000, "proc/1/stat"),
                "relative to the working directory, which is not tracked");
        assertEquals(SyscallDecision.LOCAL, decide("openat", AT_FDCWD_AS_INT, 0x1000, "/proc/../etc/passwd"));
        Syscall openat = table.find(257).orElseThrow();
        assertEquals(SyscallDecision.INTROSPECT, decide("openat", AT_FDCWD_AS_INT, 0x1000, "/proc"));
        int proc = (int) classifier.completed(openat, SyscallDecision.INTROSPECT, AT_FDCWD_AS_INT, 3);
        assertEquals(3 + SyscallClassifier.PROC_FD_BASE, proc, "the GVM's fd 3 as the utility knows it");

        assertEquals(SyscallDecision.INTROSPECT, decide("getdents64", proc, 0x1000, null));
        assertEquals(SyscallDecision.INTROSPECT, decide("openat", proc, 0x1000, "1/stat"), "relative to /proc");
        assertEquals(SyscallDecision.LOCAL, decide("read", 3, 0x1000, null), "the SVM's fd 3 is another file");
        assertEquals(SyscallDecision.INTROSPECT, decide("stat", 0x1000, 0, "/proc/uptime"));
        assertEquals(SyscallDecision.INTROSPECT, decide("openat", AT_FDCWD_AS_INT, 0x1000,
                "/sys/devices/system/cpu/online"), "sysfs is the kernel's state too");
        assertEquals(SyscallDecision.LOCAL, decide("openat", AT_FDCWD_AS_INT, 0x1000, "/system/cpu"));
        Syscall getdents64 = table.find(217).orElseThrow();
        assertEquals(3, classifier.kernelArgument(getdents64, SyscallDecision.INTROSPECT, proc), "the GVM's number");
        assertEquals(3, classifier.kernelArgument(getdents64, SyscallDecision.LOCAL, 3));
        Syscall close = table.find(3).orElseThrow();
        classifier.completed(close, SyscallDecision.INTROSPECT, proc, 0);
        assertEquals(SyscallDecision.LOCAL, decide("getdents64", proc, 0x1000, null), "closed");
        assertEquals(4, classifier.completed(openat, SyscallDecision.LOCAL, AT_FDCWD_AS_INT, 4));
        assertEquals(SyscallDecision.LOCAL, decide("read", 4, 0x1000, null), "a local open is not /proc");
    }

    @Test
    void anUnlistedSyscallIsAnErrorThatNamesIt() {
        IllegalStateException unlisted = assertThrows(IllegalStateException.class, () -> classifier.lookup(999));
        assertTrue(unlisted.getMessage().contains("syscall 999"), unlisted.getMessage());
    }

    @Test
    void aTableFileReplacesTheDefaultsAndBadLinesAreNamed(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("syscalls.txt");
        Files.writeString(file, "# only getpid\n39 getpid local   # run it locally\n");
        SyscallTable custom = SyscallTable.load(file);
        assertEquals(SyscallClass.LOCAL, custom.find(39).orElseThrow().kind());
        assertEquals(Optional.empty(), custom.find(63));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SyscallTable.parse(new StringReader("\n39 getpid maybe\n"), "t"));
        assertEquals("t:2: unknown class 'maybe'", unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SyscallTable.parse(new StringReader("39 getpid local\n39 getpid local\n"), "t"));
        assertThrows(IllegalArgumentException.class,
                () -> SyscallTable.parse(new StringReader("x getpid local\n"), "t"));
    }

    private SyscallDecision decide(String name, long arg0, long arg1, String path) {
        Syscall syscall = table.syscalls().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        return classifier.decide(syscall, arg0, arg1, address -> Optional.ofNullable(path));
    }
}
