package org.hybridbridge.ui.views;

import java.util.function.Function;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

/** The views' table columns: a title, a width and the text each row shows in it. */
final class TextColumns {

    private TextColumns() {
    }

    /** @return a new column of {@code viewer}, whose rows are {@code T}s, showing {@code text} of each */
    static <T> TableViewerColumn add(TableViewer viewer, String title, int width, Function<T, String> text) {
        return add(viewer, title, width, text, row -> null);
    }

    /**
     * @return a new column of {@code viewer}, whose rows are {@code T}s, showing {@code text} of each
     *         on its {@code background} ({@code null}: the table's own)
     */
    @SuppressWarnings("unchecked")
    static <T> TableViewerColumn add(TableViewer viewer, String title, int width, Function<T, String> text,
            Function<T, Color> background) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((T) element);
            }

            @Override
            public Color getBackground(Object element) {
                return background.apply((T) element);
            }
        });
        return column;
    }
}
