package io.promptstudio.ui.internal;

import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.internal.preferences.ProvidersPreferencePage;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.ViewPart;

/** The first-start page: the three first steps, each a button that takes the user there. */
public class WelcomeView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.welcome";
    /** The Playground, which the runs feature contributes; the welcome page opens it by its id. */
    private static final String PLAYGROUND = "io.promptstudio.ui.playground";
    public static final String SHOW_COMMAND = "io.promptstudio.ui.showWelcome";

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(2, false));
        Label title = new Label(parent, SWT.NONE);
        title.setText(Messages.Welcome_title);
        title.setFont(org.eclipse.jface.resource.JFaceResources.getHeaderFont());
        title.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        step(parent, Messages.Welcome_openHeading, Messages.Welcome_openText, Messages.Welcome_openButton, () -> {
            IFile example = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT)
                    .getFile("prompts/classify-sentiment.pstudio");
            if (example.exists()) {
                IDE.openEditor(getSite().getPage(), example, PromptEditor.ID, true);
            }
        });
        step(parent, Messages.Welcome_connectHeading, Messages.Welcome_connectText, Messages.Welcome_connectButton,
                () -> PreferencesUtil.createPreferenceDialogOn(getSite().getShell(), ProvidersPreferencePage.ID, null, null).open());
        step(parent, Messages.Welcome_runHeading, Messages.Welcome_runText, Messages.Welcome_runButton,
                () -> getSite().getPage().showView(PLAYGROUND));
    }

    private interface Step {
        void go() throws PartInitException;
    }

    private void step(Composite parent, String heading, String text, String button, Step action) {
        Label label = new Label(parent, SWT.WRAP);
        label.setText(NLS.bind(Messages.Welcome_step, heading, text));
        GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
        layout.widthHint = 480;
        label.setLayoutData(layout);
        Button go = new Button(parent, SWT.PUSH);
        go.setText(button);
        go.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        go.addListener(SWT.Selection, event -> {
            try {
                action.go();
            } catch (PartInitException e) {
                org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), Messages.Welcome_errorTitle, heading, e.getStatus());
            }
        });
    }

    @Override
    public void setFocus() {
        getSite().getShell().setFocus();
    }

    /** Help > Welcome. */
    public static final class ShowHandler extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            try {
                HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(ID);
            } catch (PartInitException e) {
                throw new ExecutionException("cannot show the welcome page", e);
            }
            return null;
        }
    }
}
