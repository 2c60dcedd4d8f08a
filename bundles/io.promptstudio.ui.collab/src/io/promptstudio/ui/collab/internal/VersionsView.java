package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.Versions;
import io.promptstudio.ui.CompareTexts;
import io.promptstudio.ui.ViewControls;
import io.promptstudio.ui.WorkbenchOperation;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The named versions of the co-edited file in the active editor: who saved each, when, with what message;
 * compare a version with the text now (or two versions) in the compare editor; restore one — as a new edit
 * that every collaborator receives, so history is never rewritten.
 */
public final class VersionsView extends ViewPart {

    /** The workbench's collaboration service, from the part's context. */
    private Collaboration collaboration;

    public static final String ID = "io.promptstudio.ui.versionsView";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private TableViewer table;
    private Label heading;
    private String document;
    private final IPartListener2 follow = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference reference) {
            if (reference.getPart(false) instanceof io.promptstudio.ui.PromptEditor) {
                refresh();
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        collaboration = getSite().getService(Collaboration.class);
        ViewControls.HeadedTable view = ViewControls.headedTable(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER, "versions");
        heading = view.heading();
        table = view.table();
        TableColumnLayout layout = view.layout();
        ViewControls.column(table, layout, Messages.Versions_version, 3, Versions.Version.class, version -> version.name());
        ViewControls.column(table, layout, Messages.Versions_author, 2, Versions.Version.class, version -> version.author());
        ViewControls.column(table, layout, Messages.Versions_when, 2, Versions.Version.class, version -> WHEN.format(version.createdAt()));
        ViewControls.column(table, layout, Messages.Versions_message, 5, Versions.Version.class, version -> version.message());
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new GridLayout(4, false));
        ViewControls.button(buttons, Messages.Versions_refresh, "refresh", this::refresh);
        ViewControls.button(buttons, Messages.Versions_compareCurrent, "compareCurrent", this::compareWithCurrent);
        ViewControls.button(buttons, Messages.Versions_compareSelected, "compareSelected", this::compareSelected);
        ViewControls.button(buttons, Messages.Versions_restore, "restore", this::restore);
        getSite().getPage().addPartListener(follow);
        refresh();
    }

    /** Refreshes every open Versions view (after a version was saved elsewhere). */
    static void refreshOpen() {
        Display.getDefault().asyncExec(() -> {
            var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window != null && window.getActivePage() != null && window.getActivePage().findView(ID) instanceof VersionsView view) {
                view.refresh();
            }
        });
    }

    /** Loads the versions of the active co-edited file in the background. */
    public void refresh() {
        var session = collaboration.activeSession();
        if (session.isEmpty()) {
            document = null;
            heading.setText(Messages.Versions_notCoEdited);
            table.setInput(List.of());
            return;
        }
        String name = session.get().shared().name();
        document = name;
        heading.setText(NLS.bind(Messages.Versions_heading, name));
        Versions versions = Collaboration.versions();
        Job.create(NLS.bind(Messages.Versions_job, name), monitor -> {
            try {
                List<Versions.Version> listed = versions.list(name);
                Display.getDefault().asyncExec(() -> {
                    if (!table.getControl().isDisposed() && name.equals(document)) {
                        table.setInput(listed);
                    }
                });
                return Status.OK_STATUS;
            } catch (IOException e) {
                Display.getDefault().asyncExec(() -> heading.setText(NLS.bind(Messages.Versions_failed, name, e.getMessage())));
                return Status.OK_STATUS;
            }
        }).schedule();
    }

    @SuppressWarnings("unchecked")
    private List<Versions.Version> selected() {
        return ((IStructuredSelection) table.getSelection()).toList();
    }

    private void compareWithCurrent() {
        List<Versions.Version> chosen = selected();
        var session = collaboration.activeSession();
        if (chosen.size() != 1 || session.isEmpty()) {
            MessageDialog.openInformation(getSite().getShell(), Messages.Versions_compareTitle, Messages.Versions_selectOne);
            return;
        }
        Versions.Version version = chosen.get(0);
        String current = session.get().shared().text();
        openCompare(version.name(), () -> Collaboration.versions().text(document, version.id()), Messages.Versions_now, () -> current);
    }

    private void compareSelected() {
        List<Versions.Version> chosen = selected();
        if (chosen.size() != 2) {
            MessageDialog.openInformation(getSite().getShell(), Messages.Versions_compareTitle, Messages.Versions_selectTwo);
            return;
        }
        Versions.Version older = chosen.get(0).id() < chosen.get(1).id() ? chosen.get(0) : chosen.get(1);
        Versions.Version newer = older == chosen.get(0) ? chosen.get(1) : chosen.get(0);
        openCompare(older.name(), () -> Collaboration.versions().text(document, older.id()),
                newer.name(), () -> Collaboration.versions().text(document, newer.id()));
    }

    private void openCompare(String leftName, CompareTexts.Source left, String rightName, CompareTexts.Source right) {
        CompareTexts.open(NLS.bind(Messages.Versions_compare, leftName, rightName), leftName, left, rightName, right);
    }

    private void restore() {
        List<Versions.Version> chosen = selected();
        if (chosen.size() != 1) {
            MessageDialog.openInformation(getSite().getShell(), Messages.Versions_restoreTitle, Messages.Versions_selectRestore);
            return;
        }
        Versions.Version version = chosen.get(0);
        if (!MessageDialog.openConfirm(getSite().getShell(), Messages.Versions_restoreTitle,
                NLS.bind(Messages.Versions_confirmRestore, version.name()))) {
            return;
        }
        String name = document;
        WorkbenchOperation.job(NLS.bind(Messages.RestoreVersion_job, version.name()),
                new RestoreVersionOperation(Collaboration.versions(), name, version.id())).schedule();
    }

    public List<Versions.Version> shownVersions() {
        Object input = table.getInput();
        return input instanceof List<?> list ? list.stream().map(Versions.Version.class::cast).toList() : List.of();
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(follow);
        super.dispose();
    }
}
