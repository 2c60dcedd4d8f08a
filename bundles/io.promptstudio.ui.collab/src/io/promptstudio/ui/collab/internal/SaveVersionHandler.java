package io.promptstudio.ui.collab.internal;

import io.promptstudio.ui.HandlerServices;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.WorkbenchOperation;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Save Version…": names the co-edited document as it is now on the server, with a message. */
public final class SaveVersionHandler extends AbstractHandler {

    /** The name and message of a new version. */
    static final class SaveVersionDialog extends Dialog {
        private Text name;
        private Text message;
        private String chosenName;
        private String chosenMessage;

        SaveVersionDialog(Shell parent) {
            super(parent);
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(Messages.SaveVersion_title);
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            area.setLayout(new GridLayout(2, false));
            new Label(area, SWT.NONE).setText(Messages.SaveVersion_name);
            name = new Text(area, SWT.BORDER);
            name.setData("name", "version.name");
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            new Label(area, SWT.NONE).setText(Messages.SaveVersion_message);
            message = new Text(area, SWT.BORDER | SWT.MULTI | SWT.WRAP);
            message.setData("name", "version.message");
            GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
            data.widthHint = 360;
            data.heightHint = 60;
            message.setLayoutData(data);
            name.addModifyListener(event -> getButton(OK).setEnabled(!name.getText().isBlank()));
            return area;
        }

        @Override
        protected void createButtonsForButtonBar(Composite parent) {
            super.createButtonsForButtonBar(parent);
            getButton(OK).setEnabled(false);
        }

        @Override
        protected void okPressed() {
            chosenName = name.getText().strip();
            chosenMessage = message.getText().strip();
            super.okPressed();
        }
    }

    @Override
    public Object execute(ExecutionEvent event) {
        IEditorPart part = HandlerUtil.getActiveEditor(event);
        if (!(part instanceof PromptEditor editor)) {
            return null;
        }
        Shell shell = HandlerUtil.getActiveShell(event);
        var session = HandlerServices.get(event, Collaboration.class).session(editor);
        if (session.isEmpty()) {
            MessageDialog.openInformation(shell, Messages.SaveVersion_title, Messages.SaveVersion_notCoEdited);
            return null;
        }
        SaveVersionDialog dialog = new SaveVersionDialog(shell);
        if (dialog.open() != Dialog.OK) {
            return null;
        }
        String document = session.get().shared().name();
        Job job = WorkbenchOperation.job(NLS.bind(Messages.SaveVersion_job, dialog.chosenName),
                new SaveVersionOperation(Collaboration.versions(), document, dialog.chosenName, dialog.chosenMessage));
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent done) {
                VersionsView.refreshOpen();
            }
        });
        job.schedule();
        return null;
    }
}
