package org.hybridbridge.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.EngineError;
import org.junit.jupiter.api.Test;

/** Kernel trouble becomes a warning naming the call and the function, an oops an error; sane errors pass. */
class KernelTroubleTest {

    private static final long WARN = 0xffffffff81000100L, FIXUP = 0xffffffff81000200L, OOPS = 0xffffffff81000300L;
    private static final long PROC_PID_STAT = 0xffffffff81400000L;
    private static final KernelLayout LAYOUT = new KernelLayout(List.of(), 16 * 1024,
            address -> address == PROC_PID_STAT ? "proc_pid_stat+0x0" : "fn+0x" + Long.toHexString(address & 0xfff));

    private final KernelTrouble trouble = new KernelTrouble(new KernelTroubleSites(WARN, FIXUP, OOPS), LAYOUT);
    private final CpuState cpu = new CpuState();

    @Test
    void aWarnNamesTheSystemCallAndTheFunctionThatWarned() {
        cpu.setGpr(2, PROC_PID_STAT); // RDX: __warn's caller
        trouble.kernelInstruction(WARN, cpu, "read");

        assertEquals(List.of("read: a kernel WARN fired in proc_pid_stat+0x0"), trouble.warnings());
    }

    @Test
    void aFixedUpFaultNamesTheFaultAndWhereItHappened() {
        trouble.exceptionRaised(PROC_PID_STAT, CpuException.pageFault(0xdead000, 0));
        trouble.kernelInstruction(FIXUP, cpu, "getdents64");

        String warning = trouble.warnings().get(0);
        assertTrue(warning.startsWith("getdents64: #PF"), warning);
        assertTrue(warning.endsWith("in proc_pid_stat+0x0, which the kernel fixed up: the call failed there"), warning);
    }

    @Test
    void anOopsStopsTheRun() {
        trouble.exceptionRaised(PROC_PID_STAT, CpuException.generalProtection(0, "non-canonical"));

        EngineError error = assertThrows(EngineError.class, () -> trouble.kernelInstruction(OOPS, cpu, "read"));
        assertTrue(error.getMessage().contains("began an oops after #GP"), error.getMessage());
        assertTrue(error.getMessage().contains("in proc_pid_stat+0x0"), error.getMessage());
    }

    @Test
    void errorsOfDamagedDataWarnButErrorsOfSaneGuestsDoNot() {
        trouble.introspectedReturned("openat", -2); // ENOENT: a file the guest lacks
        trouble.introspectedReturned("read", 4096);
        trouble.kernelInstruction(0xffffffff81000400L, cpu, "read");
        assertEquals(List.of(), trouble.warnings());

        trouble.introspectedReturned("read", -14);
        assertEquals(List.of("read returned -EFAULT, which a sane frozen guest does not give: the GVM's data it read "
                + "is damaged"), trouble.warnings());
    }
}
