package org.hybridbridge.qemu;

import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Real guests under real QEMU: the demo GVM and the SVM answer as DESIGN.md 3.1 says. */
class QemuMachineTest {

    private static final Set<String> FORBIDDEN_CPU_FLAGS = Set.of("smap", "smep", "umip", "pku", "pcid", "invpcid",
            "fsgsbase", "avx", "avx2", "svm");

    @Test
    void demoGvmShowsItsProcessesModuleHostnameAndFile() {
        try (QemuMachine gvm = QemuMachine.boot(TestGuests.require(GuestKind.GVM), MachineOptions.defaults(),
                ProgressListener.NONE)) {
            String ps = gvm.run("ps").output();
            assertTrue(ps.contains("sshd-backdoor") && ps.contains("cryptominer"), ps);
            assertTrue(gvm.run("lsmod").output().contains("dummy"));
            assertEquals("gvm-demo\n", gvm.run("hostname").output());
            assertTrue(gvm.run("cat /tmp/hb-demo.txt").succeeded());
        }
    }

    @Test
    void svmRunsTheUtilitiesAndHasNoDemoProcesses() {
        try (QemuMachine svm = QemuMachine.boot(TestGuests.require(GuestKind.SVM), MachineOptions.defaults(),
                ProgressListener.NONE)) {
            CommandResult getpid = svm.run("getpid");
            assertEquals(getpid.pid() + "\n", getpid.output(), "getpid prints the pid the agent ran it as");
            assertEquals("getprocname\n", svm.run("getprocname").output());
            String tinyps = svm.run("tinyps").output();
            assertTrue(tinyps.startsWith("PID COMM\n1 hb-agent\n"), tinyps);
            assertFalse(svm.run("ps").output().contains("sshd-backdoor"));
            String time = svm.run("gettime").output();
            assertTrue(time.matches("\\d+\\.\\d{9}\n"), time);
            long seconds = Long.parseLong(time.substring(0, time.indexOf('.')));
            // 2001-01-01T00:00:00Z, where the SVM's clock starts, so that its time can never pass for a GVM's
            assertTrue(seconds >= 978_307_200L && seconds < 978_307_200L + 3_600, time);
        }
    }

    @Test
    void exitStatusAndOutputWithoutFinalNewlineComeBackExactly() {
        try (QemuMachine svm = QemuMachine.boot(TestGuests.require(GuestKind.SVM), MachineOptions.defaults(),
                ProgressListener.NONE)) {
            assertEquals("no-newline", svm.run("printf no-newline").output());
            CommandResult missing = svm.run("no-such-utility");
            assertEquals(127, missing.exitStatus());
            assertTrue(missing.output().startsWith("hb-agent: no-such-utility: "), missing.output());
            assertEquals(1, svm.run("false").exitStatus());
            // busybox timeout execs the command in its own process, which its child then kills.
            CommandResult killed = svm.run("timeout -s KILL 1 sleep 30");
            assertEquals(-1, killed.exitStatus());
            assertEquals(9, killed.signal());
        }
    }

    @Test
    void cpuModelHidesTheFeaturesKernelCodeAtCpl3CouldNotRun() {
        try (QemuMachine svm = QemuMachine.boot(TestGuests.require(GuestKind.SVM), MachineOptions.defaults(),
                ProgressListener.NONE)) {
            String flagsLine = svm.run("grep -m1 ^flags /proc/cpuinfo").output();
            List<String> flags = Arrays.asList(flagsLine.substring(flagsLine.indexOf(':') + 1).trim().split("\\s+"));
            assertTrue(flags.contains("syscall") && flags.contains("nx"), flagsLine);
            assertTrue(flags.stream().noneMatch(FORBIDDEN_CPU_FLAGS::contains), flagsLine);
        }
    }

    @Test
    void closeEndsQemuAndAClosedMachineRefusesCommands() {
        QemuMachine svm = QemuMachine.boot(TestGuests.require(GuestKind.SVM), MachineOptions.defaults(),
                ProgressListener.NONE);
        svm.close();

        assertTrue(ProcessHandle.current().descendants()
                .noneMatch(process -> process.info().command().orElse("").endsWith(QemuInstallation.PROGRAM)));
        assertThrows(IllegalStateException.class, () -> svm.run("ps"));
    }
}
