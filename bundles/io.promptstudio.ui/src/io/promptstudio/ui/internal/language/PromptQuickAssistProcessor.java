package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.PromptStudioLog;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.texteditor.MarkerAnnotation;

/** Ctrl+1 in the editor: the quick fixes of the findings at the caret. */
final class PromptQuickAssistProcessor implements IQuickAssistProcessor {

    private final PromptEditor editor;

    PromptQuickAssistProcessor(PromptEditor editor) {
        this.editor = editor;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return annotation instanceof MarkerAnnotation;
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        IFile file = editor.file();
        if (file == null) {
            return new ICompletionProposal[0];
        }
        List<ICompletionProposal> proposals = new ArrayList<>();
        for (IMarker marker : ProblemMarkers.at(file, context.getOffset())) {
            for (QuickFixes.Fix fix : Fixes.of(editor.language(), file, marker)) {
                proposals.add(new FixProposal(fix));
            }
        }
        return proposals.toArray(ICompletionProposal[]::new);
    }

    /** A fix shown in the quick-fix popup. */
    private static final class FixProposal implements ICompletionProposal {
        private final QuickFixes.Fix fix;

        FixProposal(QuickFixes.Fix fix) {
            this.fix = fix;
        }

        @Override
        public void apply(IDocument document) {
            try {
                FixApplier.apply(document, fix.edits());
            } catch (BadLocationException e) {
                PromptStudioLog.log(LanguageService.error("the fix no longer fits the text: " + fix.title(), e));
            }
        }

        @Override
        public Point getSelection(IDocument document) {
            return null;
        }

        @Override
        public String getAdditionalProposalInfo() {
            return fix.edits().stream().map(QuickFixes.Edit::text).filter(text -> !text.isBlank()).findFirst().orElse(null);
        }

        @Override
        public String getDisplayString() {
            return fix.title();
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }
    }
}
