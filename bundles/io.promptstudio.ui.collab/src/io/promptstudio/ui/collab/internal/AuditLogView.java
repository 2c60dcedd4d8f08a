package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.AuditLog;
import io.promptstudio.ui.ViewControls;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * The audit log of the co-editing workspace (Preferences > PromptStudio > Co-editing) on the sync server, or with
 * "Whole tenant" the tenant's (logins and accounts too): who changed what through its API and how each request
 * ended, newest first; "Older" loads the next page. Only the workspace's owners may read its log, only the tenant's
 * owners the tenant's: for anyone else the heading gives the server's refusal.
 */
public final class AuditLogView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.auditLogView";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private TableViewer table;
    private Label heading;
    private Button older;
    private Button wholeTenant;
    private final List<AuditLog.Entry> shown = new ArrayList<>();
    private Long next;
    /** Counts loads, so that the answer of one superseded by a refresh is dropped. */
    private int generation;

    @Override
    public void createPartControl(Composite parent) {
        ViewControls.HeadedTable view = ViewControls.headedTable(parent, SWT.FULL_SELECTION | SWT.BORDER, "audit");
        heading = view.heading();
        table = view.table();
        TableColumnLayout layout = view.layout();
        ViewControls.column(table, layout, Messages.AuditLog_when, 3, AuditLog.Entry.class, entry -> WHEN.format(entry.at()));
        ViewControls.column(table, layout, Messages.AuditLog_who, 2, AuditLog.Entry.class, AuditLog.Entry::actor);
        ViewControls.column(table, layout, Messages.AuditLog_workspace, 2, AuditLog.Entry.class,
                entry -> entry.workspace() == null ? "" : entry.workspace());
        ViewControls.column(table, layout, Messages.AuditLog_request, 8, AuditLog.Entry.class,
                entry -> entry.action().split(" ", 2)[0] + " " + java.net.URLDecoder.decode(entry.path(), java.nio.charset.StandardCharsets.UTF_8));
        ViewControls.column(table, layout, Messages.AuditLog_status, 1, AuditLog.Entry.class,
                entry -> entry.status() == 0 ? Messages.AuditLog_noAnswer : Integer.toString(entry.status()));
        ViewControls.column(table, layout, Messages.AuditLog_requestId, 2, AuditLog.Entry.class, AuditLog.Entry::requestId);
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new GridLayout(3, false));
        ViewControls.button(buttons, Messages.AuditLog_refresh, "refresh", this::refresh);
        older = ViewControls.button(buttons, Messages.AuditLog_older, "older", () -> load(next));
        wholeTenant = new Button(buttons, SWT.CHECK);
        wholeTenant.setText(Messages.AuditLog_wholeTenant);
        wholeTenant.setToolTipText(Messages.AuditLog_wholeTenantTooltip);
        wholeTenant.setData("name", "tenant");
        wholeTenant.addListener(SWT.Selection, event -> refresh());
        refresh();
    }

    /** Shows the tenant's log (true) or the co-editing workspace's, from the newest entry. */
    public void showWholeTenant(boolean tenant) {
        wholeTenant.setSelection(tenant);
        refresh();
    }

    /** Loads the newest page again. */
    public void refresh() {
        shown.clear();
        next = null;
        table.setInput(List.of());
        load(null);
    }

    private void load(Long before) {
        String workspace = wholeTenant.getSelection() ? null : CollabSettings.workspace();
        String of = workspace == null ? Messages.AuditLog_ofTenant : NLS.bind(Messages.AuditLog_ofWorkspace, workspace);
        AuditLog log = new AuditLog(URI.create(CollabSettings.server()), CollabSettings::token);
        int load = ++generation;
        heading.setText(NLS.bind(Messages.AuditLog_loading, of));
        older.setEnabled(false);
        Job.create(NLS.bind(Messages.AuditLog_job, of), monitor -> {
            String problem = null;
            AuditLog.Page page = null;
            try {
                page = log.page(workspace, before);
            } catch (IOException | IllegalArgumentException e) {
                problem = e.getMessage();
            }
            AuditLog.Page loaded = page;
            String failure = problem;
            Display.getDefault().asyncExec(() -> show(load, of, loaded, failure));
            return Status.OK_STATUS;
        }).schedule();
    }

    /** @param of whose log it is, as the heading names it */
    private void show(int load, String of, AuditLog.Page page, String problem) {
        if (table.getControl().isDisposed() || load != generation) {
            return;
        }
        if (page == null) {
            heading.setText(NLS.bind(Messages.AuditLog_failed, of, problem));
            return;
        }
        shown.addAll(page.entries());
        next = page.next();
        table.setInput(List.copyOf(shown));
        heading.setText(NLS.bind(next == null ? Messages.AuditLog_entries : Messages.AuditLog_newestEntries, of, shown.size()));
        older.setEnabled(next != null);
    }

    public List<AuditLog.Entry> shownEntries() {
        return List.copyOf(shown);
    }

    public String headingText() {
        return heading.getText();
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }
}
