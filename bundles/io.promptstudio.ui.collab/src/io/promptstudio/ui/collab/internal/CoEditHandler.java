package io.promptstudio.ui.collab.internal;

import io.promptstudio.ui.HandlerServices;
import io.promptstudio.ui.PromptEditor;
import java.io.IOException;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Co-edit with Team": starts co-editing the prompt file in the active editor, or stops it when it runs. */
public final class CoEditHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IEditorPart part = HandlerUtil.getActiveEditor(event);
        if (!(part instanceof PromptEditor editor)) {
            return null;
        }
        Collaboration collaboration = HandlerServices.get(event, Collaboration.class);
        try {
            if (collaboration.session(editor).isPresent()) {
                collaboration.stop(editor);
            } else {
                collaboration.start(editor);
            }
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(HandlerUtil.getActiveShell(event), Messages.CoEdit_title,
                    NLS.bind(Messages.CoEdit_failed, editor.getTitle(), e.getMessage()));
        }
        return null;
    }
}
