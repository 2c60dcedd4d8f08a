package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.Collaborator;
import io.promptstudio.ui.ViewControls;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/** Who is co-editing with you, in which file, and where their cursor is (line), refreshed as presence changes. */
public final class CollaboratorsView extends ViewPart {

    /** The workbench's collaboration service, from the part's context. */
    private Collaboration collaboration;

    public static final String ID = "io.promptstudio.ui.collaboratorsView";

    /** One row: a collaborator in one co-edited file. */
    public record Row(String name, String color, String document, int line) {
    }

    private TableViewer table;
    private Label heading;
    private final Runnable listener = this::refresh;

    @Override
    public void createPartControl(Composite parent) {
        collaboration = getSite().getService(Collaboration.class);
        ViewControls.HeadedTable view = ViewControls.headedTable(parent, SWT.FULL_SELECTION | SWT.BORDER, "collaborators");
        heading = view.heading();
        table = view.table();
        TableColumnLayout layout = view.layout();
        TableViewerColumn who = ViewControls.column(table, layout, Messages.Collaborators_collaborator, 3, Row.class, Row::name);
        who.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return ((Row) element).name();
            }

            @Override
            public Color getForeground(Object element) {
                return new Color(table.getControl().getDisplay(), RemoteCursors.rgb(((Row) element).color()));
            }
        });
        ViewControls.column(table, layout, Messages.Collaborators_file, 6, Row.class, Row::document);
        ViewControls.column(table, layout, Messages.Collaborators_line, 1, Row.class, row -> row.line() < 0 ? "" : Integer.toString(row.line()));
        collaboration.addPresenceListener(listener);
        refresh();
    }

    /** The rows now: every collaborator of every co-edited file. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (CoEditingSession session : collaboration.sessions()) {
            for (Collaborator collaborator : session.cursorsShown()) {
                rows.add(new Row(collaborator.name(), collaborator.color(), session.shared().name(), session.lineOf(collaborator.head())));
            }
        }
        return rows;
    }

    void refresh() {
        if (table == null || table.getControl().isDisposed()) {
            return;
        }
        List<Row> rows = rows();
        table.setInput(rows);
        heading.setText(collaboration.sessions().isEmpty() ? Messages.Collaborators_noSession
                : rows.isEmpty() ? Messages.Collaborators_nobodyElse
                : NLS.bind(rows.size() == 1 ? Messages.Collaborators_one : Messages.Collaborators_many, rows.size()));
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }

    @Override
    public void dispose() {
        collaboration.removePresenceListener(listener);
        super.dispose();
    }
}
