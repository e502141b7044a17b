package org.hybridbridge.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Pictures of the workbench as the UI tests leave it, for notes and slides: written only when
 * {@code HB_SCREENSHOTS} names a directory, one PNG per test; never compared, never committed.
 */
final class Screenshots {

    static final String DIRECTORY_VARIABLE = "HB_SCREENSHOTS";

    private Screenshots() {
    }

    /** Writes the active workbench window as {@code name.png} into the directory, if one is named. */
    static void take(Shell shell, String name) throws Exception {
        String directory = System.getenv(DIRECTORY_VARIABLE);
        if (directory == null || directory.isBlank()) {
            return;
        }
        Display display = shell.getDisplay();
        while (display.readAndDispatch()) {
            // paint what is pending first
        }
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(shell);
        try {
            gc.copyArea(image, 0, 0);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Files.createDirectories(Path.of(directory));
            loader.save(Path.of(directory, name + ".png").toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
