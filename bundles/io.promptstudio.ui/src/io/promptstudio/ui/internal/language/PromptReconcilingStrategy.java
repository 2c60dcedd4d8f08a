package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.swt.widgets.Display;

/**
 * What runs in the editor's background thread a moment after the user stops typing: the buffer goes into the
 * session, the file is checked (markers: Problems view and squiggles), and highlighting, folding and the outline
 * are computed; then the editor shows them on the UI thread.
 */
public final class PromptReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

    /** What one check found, handed to the editor. */
    public record Result(long stamp, List<LanguageSession.Highlight> highlights, List<LanguageSession.Fold> folds,
            List<LanguageSession.OutlineNode> outline) {
    }

    private final PromptEditor editor;
    private IDocument document;

    public PromptReconcilingStrategy(PromptEditor editor) {
        this.editor = editor;
    }

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        // a check takes milliseconds; it is not cancelled halfway
    }

    @Override
    public void initialReconcile() {
        reconcile();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        reconcile();
    }

    @Override
    public void reconcile(IRegion partition) {
        reconcile();
    }

    private void reconcile() {
        IFile file = editor.file();
        Path path = file == null ? null : LanguageService.pathOf(file);
        IDocument current = document;
        if (path == null || current == null) {
            return;
        }
        long stamp = current instanceof org.eclipse.jface.text.IDocumentExtension4 extension ? extension.getModificationStamp() : 0;
        LanguageSession session = editor.language().session();
        session.update(path, current.get());
        List<LanguageSession.Finding> findings = session.findings(path);
        Result result = new Result(stamp, session.highlights(path), session.folds(path), session.outline(path));
        ProblemMarkers.update(file, findings);
        Display display = editor.display();
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> editor.show(result));
        }
    }
}
