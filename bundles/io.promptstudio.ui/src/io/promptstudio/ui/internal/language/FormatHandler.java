package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.formatting.PromptFormatting;
import io.promptstudio.ui.HandlerServices;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.internal.Messages;
import java.nio.file.Path;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Ctrl+Shift+F: formats the file. Only the changed middle of the text is replaced, so the caret and the rest of
 * the editor stay put and the format is one undo step; a file that does not parse is left alone, with the reason.
 */
public final class FormatHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getActiveEditor(event) instanceof PromptEditor editor) || editor.file() == null) {
            return null;
        }
        IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        Path path = LanguageService.pathOf(editor.file());
        var session = HandlerServices.get(event, LanguageService.class).session();
        session.update(path, document.get());
        try {
            replaceChanged(document, session.format(path));
        } catch (PromptFormatting.NotFormattableException e) {
            MessageDialog.openInformation(editor.getSite().getShell(), Messages.Format_title,
                    NLS.bind(Messages.Format_notFormatted, e.getMessage()));
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    static void replaceChanged(IDocument document, String formatted) throws BadLocationException {
        String text = document.get();
        if (text.equals(formatted)) {
            return;
        }
        int prefix = 0;
        int limit = Math.min(text.length(), formatted.length());
        while (prefix < limit && text.charAt(prefix) == formatted.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < limit - prefix && text.charAt(text.length() - 1 - suffix) == formatted.charAt(formatted.length() - 1 - suffix)) {
            suffix++;
        }
        document.replace(prefix, text.length() - prefix - suffix, formatted.substring(prefix, formatted.length() - suffix));
    }
}
