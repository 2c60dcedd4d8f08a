package io.promptstudio.ui.internal;

import java.util.function.Function;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;

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
