package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.Collaborator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.menus.WorkbenchWindowControlContribution;

/**
 * The status-bar item for co-editing: off, connecting, offline (edits kept on this machine), syncing or synced,
 * and how many collaborators are in the files being co-edited. Updated when the connection, a session or
 * anyone's presence changes.
 */
public final class CollabStatus extends WorkbenchWindowControlContribution {

    /** The key under which the label carries this item's identity, for the UI tests to find it. */
    public static final String ID = "io.promptstudio.ui.collabStatus";

    private CLabel label;
    private Collaboration collaboration;
    private final Runnable refresh = this::refresh;

    @Override
    protected Control createControl(Composite parent) {
        collaboration = getWorkbenchWindow().getService(Collaboration.class);
        // The trim sizes the item once, from its first text: the box is made wide enough for the longest text now.
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayout(new org.eclipse.swt.layout.GridLayout());
        label = new CLabel(box, SWT.SHADOW_NONE);
        org.eclipse.swt.layout.GridData width = new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, true);
        width.widthHint = 300;
        label.setLayoutData(width);
        label.setData(ID, Boolean.TRUE);
        label.setToolTipText(Messages.CollabStatus_tooltip);
        label.setText(describe(true, CollabClient.Status.CLOSED, List.of()));
        collaboration.addPresenceListener(refresh);
        label.addDisposeListener(event -> collaboration.removePresenceListener(refresh));
        refresh();
        return box;
    }

    /** Recomputes the text (from any thread), on the display thread where the sessions' cursors live. */
    private void refresh() {
        if (label == null || label.isDisposed()) {
            return;
        }
        label.getDisplay().asyncExec(() -> {
            if (label.isDisposed()) {
                return;
            }
            List<CoEditingSession> sessions = collaboration.sessions();
            label.setText(describe(sessions.isEmpty() && !collaboration.sharing(), collaboration.status(), sessions));
            label.getParent().layout(true);
        });
    }

    static String describe(boolean off, CollabClient.Status status, List<CoEditingSession> sessions) {
        if (off) {
            return Messages.CollabStatus_off;
        }
        Set<Long> others = new HashSet<>();
        boolean synced = true;
        for (CoEditingSession session : sessions) {
            for (Collaborator collaborator : session.cursorsShown()) {
                others.add(collaborator.clientId());
            }
            synced &= session.shared().isSynced();
        }
        String connection = switch (status) {
            case ONLINE -> synced ? Messages.CollabStatus_synced : Messages.CollabStatus_syncing;
            case CONNECTING -> Messages.CollabStatus_connecting;
            case OFFLINE, CLOSED -> Messages.CollabStatus_offline;
        };
        return NLS.bind(others.size() == 1 ? Messages.CollabStatus_oneCollaborator
                : Messages.CollabStatus_collaborators, connection, others.size());
    }
}
