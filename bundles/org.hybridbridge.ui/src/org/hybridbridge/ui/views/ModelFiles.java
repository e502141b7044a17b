package org.hybridbridge.ui.views;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.hybridbridge.model.store.ModelStore;

/** A view's Open and Save of a file of the model ({@code .hbdiff}, {@code .hbtrace}): the dialog and one line on failure. */
final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * Asks for a {@code *.extension} file and reads its {@code type}.
     *
     * @return what it holds, or {@code null} when the user cancelled or it could not be read
     *         ({@code failure} then receives the line saying why)
     */
    static <T extends EObject> T open(Shell shell, String extension, Class<T> type, Consumer<String> failure) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setFilterExtensions(new String[] { "*." + extension });
        String file = dialog.open();
        if (file == null) {
            return null;
        }
        try {
            return ModelStore.read(Path.of(file), type);
        } catch (IllegalArgumentException e) {
            failure.accept(e.getMessage());
            return null;
        }
    }

    /** Asks for a {@code *.extension} file to write {@code root} to; {@code failure} receives why it could not. */
    static void save(Shell shell, String extension, EObject root, Consumer<String> failure) {
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*." + extension });
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            try {
                ModelStore.write(root, Path.of(file));
            } catch (IOException e) {
                failure.accept("Cannot save " + file + ": " + e.getMessage());
            }
        }
    }
}
