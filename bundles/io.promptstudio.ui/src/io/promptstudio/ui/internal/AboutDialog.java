package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptStudioVersion;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/** Shows the PromptStudio version (the same one the CLI and the server print) and the runtime it runs on. */
public class AboutDialog extends Dialog {

    /** Widget data key of the version label, for tests. */
    public static final String VERSION_LABEL = "io.promptstudio.ui.about.version";

    private Image logo;

    public AboutDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.About_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));

        logo = ImageDescriptor.createFromURL(AboutDialog.class.getResource("/icons/promptstudio64.png")).createImage();
        Label image = new Label(area, SWT.NONE);
        image.setImage(logo);
        image.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 1, 6));

        Label name = new Label(area, SWT.NONE);
        name.setText(Messages.About_name);
        name.setFont(JFaceResources.getHeaderFont());

        Label version = new Label(area, SWT.NONE);
        version.setText(Messages.bind(Messages.About_version, PromptStudioVersion.version()));
        version.setData(VERSION_LABEL, Boolean.TRUE);

        new Label(area, SWT.WRAP).setText(Messages.About_tagline);
        new Label(area, SWT.NONE).setText(Messages.bind(Messages.About_java, System.getProperty("java.version"),
                System.getProperty("java.vendor")));
        new Label(area, SWT.NONE).setText(Messages.bind(Messages.About_platform,
                Platform.getBundle("org.eclipse.ui.workbench").getVersion()));
        new Label(area, SWT.NONE).setText(Messages.bind(Messages.About_workspace,
                ResourcesPlugin.getWorkspace().getRoot().getLocation().toOSString()));
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    public boolean close() {
        boolean closed = super.close();
        if (closed && logo != null) {
            logo.dispose();
        }
        return closed;
    }
}
