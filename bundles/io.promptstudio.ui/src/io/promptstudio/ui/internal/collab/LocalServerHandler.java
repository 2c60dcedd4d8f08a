package io.promptstudio.ui.internal.collab;

import io.promptstudio.ui.internal.HandlerServices;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Start Local Sync Server" (or stop it): then shows what a teammate needs to join — the URL and a token. */
public final class LocalServerHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        LocalServer server = HandlerServices.get(event, LocalServer.class);
        if (server.isRunning()) {
            if (MessageDialog.openQuestion(shell, "Local Sync Server", "Stop the local sync server? Teammates connected to it go offline "
                    + "and keep their edits until it runs again.")) {
                server.stop();
            }
            return null;
        }
        try {
            server.start(LocalServer.DEFAULT_PORT);
        } catch (Exception e) {
            MessageDialog.openError(shell, "Local Sync Server", "Cannot start the local sync server: " + e.getMessage());
            return null;
        }
        InputDialog teammate = new InputDialog(shell, "Local Sync Server", "The server runs. Whom do you invite? (their name; "
                + "you can invite more later by starting this command again after stopping)", "teammate", null);
        if (teammate.open() == Window.OK && !teammate.getValue().isBlank()) {
            try {
                String details = "Server: " + server.teammateUrl() + "\nToken: " + server.teammateToken(teammate.getValue().strip());
                new InputDialog(shell, "Invite " + teammate.getValue().strip(), "Send these to your teammate; they enter them in "
                        + "Preferences > PromptStudio > Co-editing:", details, null).open();
            } catch (java.io.IOException e) {
                MessageDialog.openError(shell, "Local Sync Server", "Cannot name this machine: " + e.getMessage());
            }
        }
        return null;
    }
}
