package io.promptstudio.ui.internal.language;

import io.promptstudio.ui.PromptEditor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.quickassist.IQuickAssistAssistant;
import org.eclipse.jface.text.quickassist.QuickAssistAssistant;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

/** Wires the language into the text viewer: checking while typing, completion, hover and quick fixes. */
public final class PromptSourceViewerConfiguration extends TextSourceViewerConfiguration {

    /** How long after the last keystroke the file is checked again. */
    static final int CHECK_DELAY_MS = 250;

    private final PromptEditor editor;

    public PromptSourceViewerConfiguration(PromptEditor editor) {
        super(EditorsUI.getPreferenceStore());
        this.editor = editor;
    }

    @Override
    public IReconciler getReconciler(ISourceViewer sourceViewer) {
        MonoReconciler reconciler = new MonoReconciler(new PromptReconcilingStrategy(editor), false);
        reconciler.setDelay(CHECK_DELAY_MS);
        return reconciler;
    }

    @Override
    public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
        ContentAssistant assistant = new ContentAssistant(true);
        assistant.setContentAssistProcessor(new PromptCompletionProcessor(editor), IDocument.DEFAULT_CONTENT_TYPE);
        assistant.enableAutoActivation(true);
        assistant.setAutoActivationDelay(200);
        assistant.enableAutoInsert(true);
        assistant.setShowEmptyList(true);
        assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        return assistant;
    }

    @Override
    public ITextHover getTextHover(ISourceViewer sourceViewer, String contentType) {
        return new PromptTextHover(editor);
    }

    @Override
    public IQuickAssistAssistant getQuickAssistAssistant(ISourceViewer sourceViewer) {
        QuickAssistAssistant assistant = new QuickAssistAssistant();
        assistant.setQuickAssistProcessor(new PromptQuickAssistProcessor(editor));
        assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        return assistant;
    }

    @Override
    public int getTabWidth(ISourceViewer sourceViewer) {
        return 2;
    }

    @Override
    public String[] getIndentPrefixes(ISourceViewer sourceViewer, String contentType) {
        return new String[] {"  ", ""};
    }
}
