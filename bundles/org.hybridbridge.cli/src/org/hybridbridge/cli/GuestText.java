package org.hybridbridge.cli;

import org.hybridbridge.core.run.ControlCharacters;

import picocli.CommandLine.Option;

/**
 * Text that comes from the guest (a utility's output, ground truth, a banner) on its way to the
 * user. The guest is untrusted: on a terminal, its control characters would move the cursor,
 * clear the screen or retitle the window, so there they are shown escaped ({@code \x1b});
 * piped or redirected output, and {@code --raw}, keep the guest's bytes. A picocli mixin: the
 * commands that print guest text share its {@code --raw} option.
 */
final class GuestText {

    @Option(names = "--raw", description = "Print the guest's control characters as they are, also on a terminal "
            + "(by default a terminal shows them escaped, as \\x1b).")
    private boolean raw;

    /** @return {@code text} as it may be shown on this process's standard output */
    String shown(String text) {
        // System.console() is null unless standard input and output are a terminal (java.base's console, JDK 25)
        return raw || System.console() == null ? text : ControlCharacters.escaped(text);
    }
}
