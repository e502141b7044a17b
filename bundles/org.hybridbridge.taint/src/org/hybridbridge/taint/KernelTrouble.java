package org.hybridbridge.taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.EngineError;

/**
 * Trouble the SVM kernel met while serving the utility's system calls, which a damaged or hostile
 * guest causes and which would otherwise end in a confident but incomplete answer: a fault the
 * kernel fixed up (the call then fails), a {@code WARN}, an error a frozen sane guest does not
 * give. Each becomes a warning naming the system call and the kernel function. An oops stops the
 * run: the kernel would kill the utility as if the SVM itself were broken.
 */
final class KernelTrouble {

    /** -errno values of introspected calls that mean the kernel met bad data, not a missing file. */
    private static final Map<Long, String> DAMAGE_ERRORS = Map.of(-5L, "EIO", -6L, "ENXIO", -12L, "ENOMEM",
            -14L, "EFAULT", -75L, "EOVERFLOW", -117L, "EUCLEAN");

    private static final int RDX = 2;

    private final KernelTroubleSites sites;
    private final KernelLayout layout;
    private final List<String> warnings = new ArrayList<>();
    /** The last kernel-mode exception: where it was raised and what it was. */
    private long faultAddress;
    /** Kept, not its text: most are page faults the kernel handles, and their text is made only if printed. */
    private CpuException fault;

    KernelTrouble(KernelTroubleSites sites, KernelLayout layout) {
        this.sites = sites;
        this.layout = layout;
    }

    /** A kernel-mode exception during a system call of the utility. */
    void exceptionRaised(long instructionAddress, CpuException exception) {
        faultAddress = instructionAddress;
        fault = exception;
    }

    /** A kernel instruction at {@code rip} during the system call {@code syscall}: no allocation unless trouble. */
    void kernelInstruction(long rip, CpuState cpu, String syscall) {
        if (rip == sites.warn()) {
            warnings.add(String.format("%s: a kernel WARN fired in %s", syscall, layout.name(cpu.gpr(RDX))));
        } else if (rip == sites.fixup()) {
            warnings.add(String.format("%s: %s in %s, which the kernel fixed up: the call failed there",
                    syscall, fault(), layout.name(faultAddress)));
        } else if (rip == sites.oops()) {
            throw new EngineError(String.format("the SVM kernel began an oops after %s in %s: the utility would be "
                    + "killed (the guest's data is damaged or hostile)", fault(), layout.name(faultAddress)));
        }
    }

    private String fault() {
        return fault == null ? "a fault" : fault.getMessage();
    }

    /** An introspected system call returned {@code result} to the utility. */
    void introspectedReturned(String syscall, long result) {
        String error = DAMAGE_ERRORS.get(result);
        if (error != null) {
            warnings.add(String.format("%s returned -%s, which a sane frozen guest does not give: the GVM's data it "
                    + "read is damaged", syscall, error));
        }
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
