package org.hybridbridge.ui.views;

import org.eclipse.swt.graphics.Color;
import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.taint.metadata.AccessClass;

/** The colours of the classes, the same in the Taint table and the Code pages view: GVM warm, SVM cool. */
final class ClassColours {

    private static final Color R = new Color(255, 214, 170);
    private static final Color NR = new Color(200, 225, 255);
    private static final Color MIXED = new Color(225, 205, 250);
    private static final Color UNKNOWN = new Color(255, 245, 170);
    /** An {@code int3} a copy holds. */
    static final Color PATCH = new Color(255, 150, 150);

    private ClassColours() {
    }

    static Color of(AccessClass accessClass) {
        return of(CodeClass.of(accessClass));
    }

    /** @return its colour, or {@code null} (the table's own) for an instruction that accesses no memory */
    static Color of(CodeClass codeClass) {
        return switch (codeClass) {
        case R -> R;
        case NR -> NR;
        case MIXED -> MIXED;
        case UNKNOWN -> UNKNOWN;
        case NO_ACCESS -> null;
        };
    }
}
