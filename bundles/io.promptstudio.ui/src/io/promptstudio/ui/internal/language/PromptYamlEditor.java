package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

/**
 * A plain text editor for the YAML form of prompt files that checks it while typing: every problem the YAML
 * import finds is a marker at its line and column (Problems view, ruler, squiggle). Other YAML files get none.
 */
public class PromptYamlEditor extends TextEditor {

    public static final String ID = "io.promptstudio.ui.promptYamlEditor";

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        setSourceViewerConfiguration(new TextSourceViewerConfiguration(EditorsUI.getPreferenceStore()) {
            @Override
            public IReconciler getReconciler(ISourceViewer sourceViewer) {
                MonoReconciler reconciler = new MonoReconciler(new YamlCheck(), false);
                reconciler.setDelay(PromptSourceViewerConfiguration.CHECK_DELAY_MS);
                return reconciler;
            }
        });
    }

    private final class YamlCheck implements IReconcilingStrategy, IReconcilingStrategyExtension {
        private IDocument document;

        @Override
        public void setDocument(IDocument document) {
            this.document = document;
        }

        @Override
        public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
            check();
        }

        @Override
        public void reconcile(IRegion partition) {
            check();
        }

        @Override
        public void setProgressMonitor(IProgressMonitor monitor) {
            // one YAML file checks in milliseconds
        }

        @Override
        public void initialReconcile() {
            check();
        }

        private void check() {
            if (document != null && getEditorInput() instanceof IFileEditorInput input) {
                IFile file = input.getFile();
                ProblemMarkers.update(file, LanguageSession.yamlFindings(document.get(), file.getName()));
            }
        }
    }
}
