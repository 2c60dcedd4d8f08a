package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.internal.Messages;
import java.nio.file.Path;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.osgi.util.NLS;

/** Ctrl+Space: the language's completions at the caret (parameters, fields, filters, types, profiles, keywords). */
final class PromptCompletionProcessor implements IContentAssistProcessor {

    private final PromptEditor editor;
    private String error;

    PromptCompletionProcessor(PromptEditor editor) {
        this.editor = editor;
    }

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        error = null;
        IFile file = editor.file();
        Path path = file == null ? null : LanguageService.pathOf(file);
        if (path == null) {
            return new ICompletionProposal[0];
        }
        LanguageSession session = editor.language().session();
        session.update(path, viewer.getDocument().get());
        var completions = session.complete(path, offset);
        if (completions.isEmpty()) {
            error = Messages.Completion_none;
        }
        return completions.stream().map(completion -> (ICompletionProposal) new CompletionProposal(completion.text(),
                completion.replaceOffset(), completion.replaceLength(), completion.text().length(), null,
                completion.detail() == null || completion.detail().isBlank() ? completion.label()
                        : NLS.bind(Messages.Completion_withDetail, completion.label(), completion.detail()),
                null, null)).toArray(ICompletionProposal[]::new);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] {'.', '|', '@'};
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return error;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
