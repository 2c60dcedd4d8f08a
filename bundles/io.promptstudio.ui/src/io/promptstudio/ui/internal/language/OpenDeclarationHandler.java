package io.promptstudio.ui.internal.language;

import io.promptstudio.ui.HandlerServices;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.internal.Messages;
import java.nio.file.Path;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.ide.IDE;

/** F3: opens the declaration of the name at the caret, in this file or another. */
public final class OpenDeclarationHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (!(HandlerUtil.getActiveEditor(event) instanceof PromptEditor editor) || editor.file() == null) {
            return null;
        }
        int offset = ((ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
        Path path = LanguageService.pathOf(editor.file());
        var session = HandlerServices.get(event, LanguageService.class).session();
        session.update(path, editor.getDocumentProvider().getDocument(editor.getEditorInput()).get());
        var location = session.definition(path, offset);
        if (location.isEmpty()) {
            editor.getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(Messages.Declaration_notFound);
            return null;
        }
        IFile target = LanguageService.fileFor(location.get().file());
        if (target == null) {
            return null;
        }
        try {
            if (IDE.openEditor(editor.getSite().getPage(), target, PromptEditor.ID, true) instanceof PromptEditor opened) {
                opened.reveal(location.get().offset(), location.get().length());
            }
        } catch (PartInitException e) {
            throw new ExecutionException("cannot open " + target.getName(), e);
        }
        return null;
    }
}
