package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.ServerLogin;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;

/**
 * Logs in to a PromptStudio sync server with a user name and password: the server answers an access token, which
 * goes to secure storage (never the password, which is not kept). A refused login stays open with the reason.
 */
public final class LoginDialog extends TitleAreaDialog {

    private final URI server;
    private Text tenant;
    private Text user;
    private Text password;
    private ServerLogin.Token token;

    public LoginDialog(Shell parent, URI server) {
        super(parent);
        this.server = server;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Login_shellTitle);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(NLS.bind(Messages.Login_title, server.getAuthority()));
        setMessage(Messages.Login_message);
        Composite fields = new Composite(area, SWT.NONE);
        fields.setLayout(new GridLayout(2, false));
        fields.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tenant = field(fields, Messages.Login_tenant, CollabSettings.tenant(), SWT.NONE, "tenant");
        user = field(fields, Messages.Login_user, CollabSettings.loginUser(), SWT.NONE, "user");
        password = field(fields, Messages.Login_password, "", SWT.PASSWORD, "password");
        (user.getText().isEmpty() ? user : password).setFocus();
        return area;
    }

    private static Text field(Composite parent, String label, String value, int style, String name) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER | style);
        text.setText(value);
        text.setData("name", name);
        GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
        layout.widthHint = 320;
        text.setLayoutData(layout);
        return text;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, Messages.Login_logIn, true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    @Override
    protected void okPressed() {
        String tenantName = tenant.getText().strip();
        String userName = user.getText().strip();
        char[] secret = password.getText().toCharArray();
        if (tenantName.isEmpty() || userName.isEmpty() || secret.length == 0) {
            setErrorMessage(Messages.Login_missing);
            return;
        }
        AtomicReference<ServerLogin.Token> answer = new AtomicReference<>();
        try {
            PlatformUI.getWorkbench().getProgressService().busyCursorWhile(monitor -> {
                monitor.beginTask(NLS.bind(Messages.Login_task, server.getAuthority()), org.eclipse.core.runtime.IProgressMonitor.UNKNOWN);
                try {
                    answer.set(new ServerLogin(server).login(tenantName, userName, secret));
                } catch (ServerLogin.LoginException e) {
                    throw new InvocationTargetException(e);
                } finally {
                    java.util.Arrays.fill(secret, '\0');
                    monitor.done();
                }
            });
        } catch (InvocationTargetException e) {
            setErrorMessage(e.getCause().getMessage());
            password.selectAll();
            password.setFocus();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        token = answer.get();
        CollabSettings.saveLogin(tenantName, userName, token.token());
        super.okPressed();
    }

    /** The token of the login that succeeded; null before, or when cancelled. */
    public ServerLogin.Token token() {
        return token;
    }
}
