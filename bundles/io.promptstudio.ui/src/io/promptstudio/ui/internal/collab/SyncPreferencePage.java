package io.promptstudio.ui.internal.collab;

import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.jface.preference.PreferencePage;
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
        setDescription("Co-edit prompt files through a PromptStudio sync server (or any Hocuspocus-protocol server). "
                + "The token is kept encrypted in Eclipse secure storage; without one, PROMPTSTUDIO_SYNC_TOKEN is used.");
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        server = field(page, "Server:", CollabSettings.server(), SWT.NONE);
        workspace = field(page, "Server workspace:", CollabSettings.workspace(), SWT.NONE);
        user = field(page, "Your name:", CollabSettings.user(), SWT.NONE);
        color = field(page, "Your colour:", CollabSettings.color(), SWT.NONE);
        token = field(page, "Access token:", "", SWT.PASSWORD);
        token.setMessage(CollabSettings.token().isEmpty() ? "none stored" : "stored (type to replace)");
        token.setData("name", "token");
        new Label(page, SWT.NONE);
        Button login = new Button(page, SWT.PUSH);
        login.setText("Log In with a Password...");
        login.setToolTipText("Exchange a user name and password at the server (PromptStudio's sync server) for a token");
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
            setErrorMessage("The server URL is not a URL: " + e.getReason());
            return;
        }
        LoginDialog dialog = new LoginDialog(getShell(), uri);
        if (dialog.open() == org.eclipse.jface.window.Window.OK) {
            token.setText("");
            token.setMessage("stored: the login's token, valid until " + dialog.token().expiresAt());
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
                problem = "The server URL must start with ws:// or wss://, for example " + CollabSettings.DEFAULT_SERVER;
            }
        } catch (URISyntaxException e) {
            problem = "The server URL is not a URL: " + e.getReason();
        }
        if (problem == null && !color.getText().strip().matches("#[0-9a-fA-F]{6}")) {
            problem = "The colour must be #rrggbb, for example #d9480f";
        }
        if (problem == null && !workspace.getText().strip().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problem = "The server workspace is a name of letters, digits, '.', '_' or '-'";
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
