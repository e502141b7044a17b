package org.hybridbridge.fast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.taint.SyscallRegisters;

/**
 * What a Fast-Bridge run produced.
 *
 * @param output            what the utility wrote to fd 1 and 2, in order
 * @param exitStatus        the status it passed to {@code exit_group}
 * @param exits             every VM exit, by cause
 * @param syscallsAtHooks   system calls the VMM saw (those the table does not class as local)
 * @param neutralisedSites  kernel sites running as no-ops, remembered ones and learned ones
 * @param learnedSites      of those, the sites this run met first
 * @param userBitEntries    kernel-half paging entries given the U bit
 * @param setup             wall time to map the snapshot, deprivilege and patch the kernel, make the VM
 * @param run               wall time from the first {@code KVM_RUN} to {@code exit_group}
 * @param syscallEntries    the utility's registers at each system call, in order, when every call was
 *                          trapped ({@link FastBridgeOptions#lockstep}); empty otherwise
 * @param introspectedCalls the introspected system calls whose window opened (0 when not redirected)
 * @param codePages         the text pages whose NR and R copies the run made
 * @param codePagesCached   of those, the ones the code-page cache held ({@link CodePageCache})
 */
public record FastRunResult(byte[] output, int exitStatus, ExitCounts exits, int syscallsAtHooks,
        int neutralisedSites, int learnedSites, long userBitEntries, Duration setup, Duration run,
        List<SyscallRegisters> syscallEntries, int introspectedCalls, int codePages, int codePagesCached) {

    public FastRunResult {
        output = output.clone();
        syscallEntries = List.copyOf(syscallEntries);
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    /** @return the output as text (UTF-8) */
    public String outputText() {
        return new String(output, StandardCharsets.UTF_8);
    }
}
