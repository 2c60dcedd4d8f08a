package io.promptstudio.ui.runs.internal.playground;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.HandlerServices;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import java.nio.file.Path;
import java.util.Comparator;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** Ctrl+F11 in the editor: the Playground, on the prompt under the caret. */
public final class RunInPlaygroundHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (!(HandlerUtil.getActiveEditor(event) instanceof PromptEditor editor) || editor.file() == null) {
            return null;
        }
        Path path = LanguageService.pathOf(editor.file());
        int caret = ((ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
        LanguageSession session = HandlerServices.get(event, LanguageService.class).session();
        session.update(path, editor.getDocumentProvider().getDocument(editor.getEditorInput()).get());
        var prompt = session.prompts().stream().filter(info -> info.file().equals(path) && info.offset() <= caret)
                .max(Comparator.comparingInt(LanguageSession.PromptInfo::offset))
                .or(() -> session.prompts().stream().filter(info -> info.file().equals(path)).findFirst());
        if (prompt.isEmpty()) {
            editor.getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(Messages.RunInPlayground_noPrompt);
            return null;
        }
        try {
            PlaygroundView view = (PlaygroundView) editor.getSite().getPage().showView(PlaygroundView.ID);
            view.show(prompt.get().name());
        } catch (PartInitException e) {
            throw new ExecutionException("cannot open the Playground", e);
        }
        return null;
    }
}
