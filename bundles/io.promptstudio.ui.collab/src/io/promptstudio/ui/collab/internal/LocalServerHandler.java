package io.promptstudio.ui.collab.internal;

import io.promptstudio.ui.HandlerServices;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Start Local Sync Server" (or stop it): then shows what a teammate needs to join — the URL and a token. */
public final class LocalServerHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        LocalServer server = HandlerServices.get(event, LocalServer.class);
        if (server.isRunning()) {
            if (MessageDialog.openQuestion(shell, Messages.LocalServer_title, Messages.LocalServer_stop)) {
                server.stop();
            }
            return null;
        }
        try {
            server.start(LocalServer.DEFAULT_PORT);
        } catch (Exception e) {
            MessageDialog.openError(shell, Messages.LocalServer_title, NLS.bind(Messages.LocalServer_startFailed, e.getMessage()));
            return null;
        }
        InputDialog teammate = new InputDialog(shell, Messages.LocalServer_title, Messages.LocalServer_invitePrompt,
                Messages.LocalServer_defaultTeammate, null);
        if (teammate.open() == Window.OK && !teammate.getValue().isBlank()) {
            try {
                String details = NLS.bind(Messages.LocalServer_details, server.teammateUrl(), server.teammateToken(teammate.getValue().strip()));
                new InputDialog(shell, NLS.bind(Messages.LocalServer_inviteTitle, teammate.getValue().strip()), Messages.LocalServer_inviteMessage,
                        details, null).open();
            } catch (java.io.IOException e) {
                MessageDialog.openError(shell, Messages.LocalServer_title, NLS.bind(Messages.LocalServer_hostFailed, e.getMessage()));
            }
        }
        return null;
    }
}
