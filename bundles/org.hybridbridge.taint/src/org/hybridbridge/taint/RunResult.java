package org.hybridbridge.taint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.shadow.TaintSource;
import org.hybridbridge.taint.syscall.SyscallDecision;

/**
 * What a Slow-Bridge run produced.
 *
 * @param output              what the utility wrote to fd 1 and 2, in order
 * @param exitStatus          the status it passed to {@code exit_group}
 * @param userInstructions    instructions run in user mode (captured writes included)
 * @param kernelInstructions  instructions run in kernel mode
 * @param syscalls            every system call, in order
 * @param metadata            the meta-data learned by this run alone
 * @param taintSources        the taint sources met, by label
 * @param gvmPagesCopied      pages of the GVM image written (in its copy-on-write overlay); 0 without redirection
 * @param stateBytes          bytes of the run's own state at its end ({@link RunBudget#stateBytes})
 * @param warnings            kernel trouble met in the utility's system calls ({@link KernelTrouble}): the
 *                            answer may be incomplete
 * @param elapsed             wall time of the run
 */
public record RunResult(byte[] output, int exitStatus, long userInstructions, long kernelInstructions,
        List<SyscallRecord> syscalls, KernelMetadata metadata, List<TaintSource> taintSources, int gvmPagesCopied,
        long stateBytes, List<String> warnings, Duration elapsed) {

    public RunResult {
        output = output.clone();
        syscalls = List.copyOf(syscalls);
        taintSources = List.copyOf(taintSources);
        warnings = List.copyOf(warnings);
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    /** @return the output as text (UTF-8) */
    public String outputText() {
        return new String(output, StandardCharsets.UTF_8);
    }

    /** @return how many system calls were introspected */
    public long introspectedSyscalls() {
        return syscalls.stream().filter(s -> s.decision() == SyscallDecision.INTROSPECT)
                .count();
    }
}
