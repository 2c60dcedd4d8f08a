package io.promptstudio.ui.internal;

import io.promptstudio.ui.internal.language.PromptEditor;
import io.promptstudio.ui.internal.playground.PlaygroundView;
import io.promptstudio.ui.internal.preferences.ProvidersPreferencePage;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
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
    public static final String SHOW_COMMAND = "io.promptstudio.ui.showWelcome";

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(2, false));
        Label title = new Label(parent, SWT.NONE);
        title.setText("Welcome to PromptStudio: prompts as code");
        title.setFont(org.eclipse.jface.resource.JFaceResources.getHeaderFont());
        title.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        step(parent, "1. Open a prompt.", "The Getting Started project holds example prompts: typed inputs, templates, output types, "
                + "profiles and tests. The editor checks as you type; Ctrl+Space completes, Ctrl+1 fixes.", "Open an example", () -> {
                    IFile example = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT)
                            .getFile("prompts/classify-sentiment.pstudio");
                    if (example.exists()) {
                        IDE.openEditor(getSite().getPage(), example, PromptEditor.ID, true);
                    }
                });
        step(parent, "2. Connect a model.", "Add an API key (kept in secure storage) or point the openai-compatible provider at a "
                + "local server such as Ollama, vLLM or LM Studio.", "Providers…", () -> PreferencesUtil
                        .createPreferenceDialogOn(getSite().getShell(), ProvidersPreferencePage.ID, null, null).open());
        step(parent, "3. Run it.", "In the Playground, fill the form made from the prompt's parameters and press Run: the typed "
                + "output, tokens, cost and latency appear, and the run is kept in the Execution History.", "Open the Playground",
                () -> getSite().getPage().showView(PlaygroundView.ID));
    }

    private interface Step {
        void go() throws PartInitException;
    }

    private void step(Composite parent, String heading, String text, String button, Step action) {
        Label label = new Label(parent, SWT.WRAP);
        label.setText(heading + "  " + text);
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
                org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), "PromptStudio", heading, e.getStatus());
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
