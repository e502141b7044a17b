package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hybridbridge.core.run.ControlCharacters;
import org.junit.jupiter.api.Test;

/** A guest's text on a terminal: its control characters shown, never obeyed. */
class GuestTextTest {

    @Test
    void aProcessNameThatClearsTheScreenAndRetitlesTheWindowIsShownEscaped() {
        String comm = "\u001b[2J\u001b]0;PWN\u0007";

        assertEquals("\\x1b[2J\\x1b]0;PWN\\x07", ControlCharacters.escaped(comm));
    }

    @Test
    void newlinesAndTabsStayAndSoDoesPrintableText() {
        String ps = "  PID USER\tCOMMAND\n    1 root\tinit ünïcode\n";

        assertEquals(ps, ControlCharacters.escaped(ps));
    }

    @Test
    void carriageReturnDeleteAndC1ControlsAreEscaped() {
        assertEquals("fake\\x0dreal\\x7f\\x9b2J\\x00", ControlCharacters.escaped("fake\rreal\u007f\u009b2J\u0000"));
    }
}
