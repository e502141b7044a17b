package org.hybridbridge.ui.views;

import java.util.function.Function;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;

/** The views' tables and their columns: a title, a width and the text each row shows in it. */
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

    /** @return a new table in a group titled {@code title}, filling it, with headers, lines and a list as input */
    static TableViewer titledTable(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(1, false));
        TableViewer viewer = new TableViewer(group, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        return viewer;
    }
}
