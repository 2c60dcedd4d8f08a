package io.promptstudio.ui;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.internal.language.EditorTexts;
import io.promptstudio.ui.internal.language.PromptOutlinePage;
import io.promptstudio.ui.internal.language.PromptReconcilingStrategy;
import io.promptstudio.ui.internal.language.PromptSourceViewerConfiguration;
import io.promptstudio.ui.internal.language.SemanticPresenter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;
import org.eclipse.jface.text.source.IOverviewRuler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.IVerticalRuler;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionSupport;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.texteditor.ContentAssistAction;
import org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds;
import org.eclipse.ui.texteditor.SourceViewerDecorationSupport;
import org.eclipse.ui.texteditor.TextOperationAction;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * The editor of prompt files: a JFace text editor driven by the language's IDE services through the
 * {@link LanguageService} — checking while typing (markers in the ruler and the Problems view), highlighting,
 * Ctrl+Space completion, hover, Ctrl+1 quick fixes, Ctrl+Shift+F format, F3 go to definition, outline,
 * folding and bracket matching.
 */
public class PromptEditor extends TextEditor {

    public static final String ID = "io.promptstudio.ui.promptEditor";
    public static final String CONTEXT = "io.promptstudio.ui.promptEditorScope";

    private static final String MATCHING_BRACKETS = "io.promptstudio.ui.matchingBrackets";
    private static final String MATCHING_BRACKETS_COLOUR = "io.promptstudio.ui.matchingBracketsColor";

    private SemanticPresenter presenter;
    private ProjectionSupport projection;
    private final Map<ProjectionAnnotation, Position> folds = new HashMap<>();
    private PromptOutlinePage outline;
    private volatile PromptReconcilingStrategy.Result lastResult;
    private Path openedPath;

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        setSourceViewerConfiguration(new PromptSourceViewerConfiguration(this));
        setRulerContextMenuId("#PromptEditorRulerContext");
        setEditorContextMenuId("#PromptEditorContext");
        setKeyBindingScopes(new String[] {CONTEXT});
    }

    @Override
    protected void doSetInput(IEditorInput input) throws org.eclipse.core.runtime.CoreException {
        if (openedPath != null) {
            language().closed(openedPath);
        }
        super.doSetInput(input);
        IFile file = file();
        openedPath = file == null ? null : LanguageService.pathOf(file);
        if (openedPath != null) {
            language().opened(openedPath);
        }
    }

    @Override
    protected ISourceViewer createSourceViewer(Composite parent, IVerticalRuler ruler, int styles) {
        ProjectionViewer viewer = new ProjectionViewer(parent, ruler, getOverviewRuler(), isOverviewRulerVisible(), styles);
        getSourceViewerDecorationSupport(viewer);
        return viewer;
    }

    @Override
    public void createPartControl(Composite parent) {
        super.createPartControl(parent);
        ProjectionViewer viewer = (ProjectionViewer) getSourceViewer();
        projection = new ProjectionSupport(viewer, getAnnotationAccess(), getSharedColors());
        projection.install();
        viewer.doOperation(ProjectionViewer.TOGGLE);
        presenter = new SemanticPresenter(viewer);
    }

    @Override
    protected void configureSourceViewerDecorationSupport(SourceViewerDecorationSupport support) {
        support.setCharacterPairMatcher(new DefaultCharacterPairMatcher(new char[] {'(', ')', '{', '}', '[', ']'}));
        IPreferenceStore store = getPreferenceStore();
        store.setDefault(MATCHING_BRACKETS, true);
        store.setDefault(MATCHING_BRACKETS_COLOUR, "128,128,128");
        support.setMatchingCharacterPainterPreferenceKeys(MATCHING_BRACKETS, MATCHING_BRACKETS_COLOUR);
        super.configureSourceViewerDecorationSupport(support);
    }

    @Override
    protected void createActions() {
        super.createActions();
        ResourceBundle bundle = EditorTexts.BUNDLE;
        IAction assist = new ContentAssistAction(bundle, "ContentAssistProposal.", this);
        assist.setActionDefinitionId(ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS);
        setAction("ContentAssistProposal", assist);
        markAsStateDependentAction("ContentAssistProposal", true);
        IAction quickFix = new TextOperationAction(bundle, "QuickAssist.", this, ISourceViewer.QUICK_ASSIST);
        quickFix.setActionDefinitionId(ITextEditorActionDefinitionIds.QUICK_ASSIST);
        setAction(org.eclipse.ui.texteditor.ITextEditorActionConstants.QUICK_ASSIST, quickFix);
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (IContentOutlinePage.class.equals(adapter)) {
            if (outline == null || outline.getControl() == null || outline.getControl().isDisposed()) {
                outline = new PromptOutlinePage(this);
                PromptReconcilingStrategy.Result result = lastResult;
                if (result != null) {
                    outline.setInput(result.outline());
                }
            }
            return adapter.cast(outline);
        }
        if (projection != null) {
            T adapted = projection.getAdapter(getSourceViewer(), adapter);
            if (adapted != null) {
                return adapted;
            }
        }
        return super.getAdapter(adapter);
    }

    /** The workspace file being edited, or null for a file outside the workspace. */
    public IFile file() {
        return getEditorInput() instanceof IFileEditorInput input ? input.getFile() : null;
    }

    public Display display() {
        ISourceViewer viewer = getSourceViewer();
        return viewer == null || viewer.getTextWidget() == null || viewer.getTextWidget().isDisposed() ? null
                : viewer.getTextWidget().getDisplay();
    }

    /** On the UI thread: the result of a check. */
    public void show(PromptReconcilingStrategy.Result result) {
        ISourceViewer viewer = getSourceViewer();
        if (viewer == null || viewer.getTextWidget() == null || viewer.getTextWidget().isDisposed()) {
            return;
        }
        lastResult = result;
        presenter.update(result.highlights());
        updateFolds(result.folds());
        if (outline != null) {
            outline.setInput(result.outline());
        }
    }

    private void updateFolds(List<LanguageSession.Fold> wanted) {
        ProjectionAnnotationModel model = ((ProjectionViewer) getSourceViewer()).getProjectionAnnotationModel();
        if (model == null) {
            return;
        }
        Map<ProjectionAnnotation, Position> additions = new HashMap<>();
        List<Position> keep = wanted.stream().map(fold -> new Position(fold.offset(), fold.length())).toList();
        var deletions = folds.entrySet().stream().filter(entry -> !keep.contains(entry.getValue())).map(Map.Entry::getKey).toList();
        for (Position position : keep) {
            if (!folds.containsValue(position) && position.getOffset() + position.getLength() <= getSourceViewer().getDocument().getLength()) {
                additions.put(new ProjectionAnnotation(), position);
            }
        }
        deletions.forEach(folds::remove);
        model.modifyAnnotations(deletions.toArray(new org.eclipse.jface.text.source.Annotation[0]), additions, null);
        folds.putAll(additions);
    }

    /** The highlights drawn now: what the UI tests check. */
    public List<LanguageSession.Highlight> highlights() {
        return presenter == null ? List.of() : presenter.current();
    }

    /** The number of folding regions: what the UI tests check. */
    public int foldCount() {
        return folds.size();
    }

    /** Selects and reveals a range. */
    public void reveal(int offset, int length) {
        selectAndReveal(offset, length);
    }

    public ISourceViewer viewer() {
        return getSourceViewer();
    }

    /** The workbench's language service, from this editor's site. */
    public LanguageService language() {
        return getSite().getService(LanguageService.class);
    }

    @Override
    public void dispose() {
        language().editorClosing(this);
        if (presenter != null) {
            presenter.dispose();
        }
        if (openedPath != null) {
            language().closed(openedPath);
        }
        super.dispose();
    }

    @Override
    protected void editorSaved() {
        super.editorSaved();
        language().changed();
    }
}
