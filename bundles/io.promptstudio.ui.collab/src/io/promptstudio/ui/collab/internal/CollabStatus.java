package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.Collaborator;
import io.promptstudio.ui.StatusItem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchWindow;

/**
 * The status-bar item for co-editing: off, connecting, offline (edits kept on this machine), syncing or synced,
 * and how many collaborators are in the files being co-edited. Updated when the connection, a session or
 * anyone's presence changes.
 */
public final class CollabStatus extends StatusItem {

    /** The key under which the label carries this item's identity, for the UI tests to find it. */
    public static final String ID = "io.promptstudio.ui.collabStatus";

    private Collaboration collaboration;

    @Override
    protected void connect(IWorkbenchWindow window) {
        collaboration = window.getService(Collaboration.class);
    }

    @Override
    protected String text() {
        List<CoEditingSession> sessions = collaboration.sessions();
        return describe(sessions.isEmpty() && !collaboration.sharing(), collaboration.status(), sessions);
    }

    @Override
    protected String tooltip() {
        return Messages.CollabStatus_tooltip;
    }

    /** "Co-editing: offline, edits kept · 12 collaborators" fits. */
    @Override
    protected int width() {
        return 300;
    }

    @Override
    protected void follow(Runnable changed, boolean listen) {
        if (listen) {
            collaboration.addPresenceListener(changed);
        } else {
            collaboration.removePresenceListener(changed);
        }
    }

    @Override
    protected String id() {
        return ID;
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
