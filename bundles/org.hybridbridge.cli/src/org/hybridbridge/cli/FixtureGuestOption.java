package org.hybridbridge.cli;

import org.hybridbridge.qemu.GuestKind;

import picocli.CommandLine.Option;

/** {@code --guest}: which fixture GVM from the cache a benchmark or the fuzzer works on. A picocli mixin. */
final class FixtureGuestOption {

    @Option(names = "--guest", paramLabel = "GUEST", defaultValue = "gvm",
            converter = GuestCommand.GuestKindConverter.class,
            description = "The fixture GVM, from the cache: gvm (the demo, default), gvm-busy, gvm-debian or gvm-net.")
    private GuestKind guest;

    GuestKind guest() {
        return guest;
    }
}
