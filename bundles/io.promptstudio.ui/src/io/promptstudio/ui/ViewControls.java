package io.promptstudio.ui;

import java.util.function.Function;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** The buttons and table columns the views share; each button carries a {@code name} the tests find it by. */
public final class ViewControls {

    private ViewControls() {
    }

    public static Button button(Composite parent, String label, String name, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setData("name", name);
        button.addListener(SWT.Selection, event -> action.run());
        return button;
    }

    /** A heading line over a table of rows that fills the rest of a view; {@code layout} weighs its columns. */
    public record HeadedTable(Label heading, TableViewer table, TableColumnLayout layout) {
    }

    /**
     * Lays the view's {@code parent} out as a heading over a table with a header row, whose input is a list of
     * rows; the table carries {@code name} for the tests.
     */
    public static HeadedTable headedTable(Composite parent, int style, String name) {
        parent.setLayout(new GridLayout(1, false));
        Label heading = new Label(parent, SWT.WRAP);
        heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        TableColumnLayout layout = new TableColumnLayout();
        holder.setLayout(layout);
        TableViewer table = new TableViewer(holder, style);
        table.getTable().setHeaderVisible(true);
        table.getTable().setData("name", name);
        table.setContentProvider(ArrayContentProvider.getInstance());
        return new HeadedTable(heading, table, layout);
    }

    /** A weighted column whose cells show {@code text} of their row. */
    public static <T> TableViewerColumn column(TableViewer table, TableColumnLayout layout, String title, int weight, Class<T> rowType,
            Function<T, String> text) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
        column.getColumn().setText(title);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 50));
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(rowType.cast(element));
            }
        });
        return column;
    }
}
