package org.hybridbridge.core.run;

/**
 * Text from the guest (a utility's output, ground truth, a banner) is untrusted: shown as it is,
 * its control characters would move a terminal's cursor, clear its screen or retitle its window,
 * and make a view's text lie. The CLI (on a terminal) and the views show it escaped.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /**
     * @return {@code text} with every control character but newline and tab (C0, DEL, C1)
     *         written as {@code \xNN}
     */
    public static String escaped(String text) {
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
