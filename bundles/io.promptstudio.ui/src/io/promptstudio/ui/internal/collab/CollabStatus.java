package io.promptstudio.ui.internal.collab;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.Collaborator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.StatusLineContributionItem;

/**
 * The status-bar item for co-editing: off, connecting, offline (edits kept on this machine), syncing or synced,
 * and how many collaborators are in the files being co-edited. Updated when the connection, a session or
 * anyone's presence changes.
 */
public final class CollabStatus {

    public static final String ID = "io.promptstudio.ui.collabStatus";

    private static StatusLineContributionItem item;
    private static volatile String shown = "Co-editing off";
    private static volatile Collaboration collaboration;

    private CollabStatus() {
    }

    /** The status line's item for the window's co-editing, which it follows from now on. */
    public static StatusLineContributionItem create(Collaboration followed) {
        collaboration = followed;
        StatusLineContributionItem created = new StatusLineContributionItem(ID, true, 44);
        created.setText(shown);
        created.setToolTipText("Co-editing: the connection to the sync server and who else is in the files you co-edit");
        item = created;
        followed.addPresenceListener(CollabStatus::refresh);
        return created;
    }

    /** Recomputes the text (from any thread), on the display thread where the sessions' cursors live. */
    public static void refresh() {
        Display.getDefault().asyncExec(() -> {
            List<CoEditingSession> sessions = collaboration.sessions();
            shown = describe(sessions.isEmpty() && !collaboration.sharing(), collaboration.status(), sessions);
            if (item != null) {
                item.setText(shown);
            }
        });
    }

    static String describe(boolean off, CollabClient.Status status, List<CoEditingSession> sessions) {
        if (off) {
            return "Co-editing off";
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
            case ONLINE -> synced ? "synced" : "syncing";
            case CONNECTING -> "connecting";
            case OFFLINE, CLOSED -> "offline, edits kept";
        };
        return "Co-editing: " + connection + " · " + others.size() + (others.size() == 1 ? " collaborator" : " collaborators");
    }

    /** What the item shows: for the UI tests. */
    public static String text() {
        return shown;
    }
}
