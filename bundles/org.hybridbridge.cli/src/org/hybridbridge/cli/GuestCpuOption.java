package org.hybridbridge.cli;

import org.hybridbridge.fast.FastBridgeOptions;

import picocli.CommandLine.Option;

/** {@code --cpu}: what runs Fast-Bridge's deprivileged guest, shared by {@code hb run} and {@code hb bench fast}. */
final class GuestCpuOption {

    @Option(names = "--cpu", defaultValue = "KVM", paramLabel = "KIND",
            description = "Fast engine: what runs the deprivileged guest: ${COMPLETION-CANDIDATES} (ENGINE: the x86 "
                    + "engine behaving as KVM does at CPL3, where /dev/kvm is absent; default: ${DEFAULT-VALUE}).")
    private FastBridgeOptions.GuestCpu cpu;

    FastBridgeOptions.GuestCpu cpu() {
        return cpu;
    }
}
