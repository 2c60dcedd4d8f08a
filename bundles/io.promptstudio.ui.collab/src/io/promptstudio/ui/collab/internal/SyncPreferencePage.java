package io.promptstudio.ui.collab.internal;

import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > PromptStudio > Co-editing: the sync server, the token (kept encrypted), name and colour. */
public final class SyncPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "io.promptstudio.ui.preferences.sync";

    private Text server;
    private Text workspace;
    private Text user;
    private Text color;
    private Text token;

    @Override
    public void init(IWorkbench workbench) {
        setDescription(Messages.SyncPreferences_description);
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        server = field(page, Messages.SyncPreferences_server, CollabSettings.server(), SWT.NONE);
        workspace = field(page, Messages.SyncPreferences_workspace, CollabSettings.workspace(), SWT.NONE);
        user = field(page, Messages.SyncPreferences_user, CollabSettings.user(), SWT.NONE);
        color = field(page, Messages.SyncPreferences_color, CollabSettings.color(), SWT.NONE);
        token = field(page, Messages.SyncPreferences_token, "", SWT.PASSWORD);
        token.setMessage(CollabSettings.token().isEmpty() ? Messages.SyncPreferences_noToken : Messages.SyncPreferences_tokenStored);
        token.setData("name", "token");
        new Label(page, SWT.NONE);
        Button login = new Button(page, SWT.PUSH);
        login.setText(Messages.SyncPreferences_logIn);
        login.setToolTipText(Messages.SyncPreferences_logInTooltip);
        login.addListener(SWT.Selection, event -> logIn());
        server.addModifyListener(event -> validate());
        color.addModifyListener(event -> validate());
        workspace.addModifyListener(event -> validate());
        return page;
    }

    /** Logs in at the server the page names now; the token the server gives is stored at once. */
    private void logIn() {
        URI uri;
        try {
            uri = new URI(server.getText().strip());
        } catch (URISyntaxException e) {
            setErrorMessage(NLS.bind(Messages.SyncPreferences_notUrl, e.getReason()));
            return;
        }
        LoginDialog dialog = new LoginDialog(getShell(), uri);
        if (dialog.open() == org.eclipse.jface.window.Window.OK) {
            token.setText("");
            token.setMessage(NLS.bind(Messages.SyncPreferences_loginToken, dialog.token().expiresAt()));
        }
    }

    private static Text field(Composite page, String label, String value, int style) {
        new Label(page, SWT.NONE).setText(label);
        Text text = new Text(page, SWT.BORDER | style);
        text.setText(value);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return text;
    }

    private void validate() {
        String problem = null;
        try {
            URI uri = new URI(server.getText().strip());
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                problem = NLS.bind(Messages.SyncPreferences_notWebSocket, CollabSettings.DEFAULT_SERVER);
            }
        } catch (URISyntaxException e) {
            problem = NLS.bind(Messages.SyncPreferences_notUrl, e.getReason());
        }
        if (problem == null && !color.getText().strip().matches("#[0-9a-fA-F]{6}")) {
            problem = Messages.SyncPreferences_badColor;
        }
        if (problem == null && !workspace.getText().strip().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problem = Messages.SyncPreferences_badWorkspace;
        }
        setErrorMessage(problem);
        setValid(problem == null);
    }

    @Override
    public boolean performOk() {
        CollabSettings.save(server.getText(), workspace.getText(), user.getText(), color.getText(),
                token.getText().isEmpty() ? null : token.getText());
        return true;
    }
}
