package org.hybridbridge.cli;

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
        return raw || System.console() == null ? text : escapeControls(text);
    }

    /**
     * @return {@code text} with every control character but newline and tab (C0, DEL, C1)
     *         written as {@code \xNN}
     */
    static String escapeControls(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
                shown.append(String.format("\\x%02x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
