package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.session.LanguageSession;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.BadPositionCategoryException;
import org.eclipse.jface.text.DefaultPositionUpdater;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IPositionUpdater;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.custom.StyleRange;

/**
 * Draws the language's highlighting into the editor. The ranges are document positions, so that they move with
 * the text while the next check runs; each check replaces them all and redraws.
 */
public final class SemanticPresenter implements ITextPresentationListener {

    private static final String CATEGORY = "io.promptstudio.ui.semantic";

    private record Styled(Position position, LanguageSession.Highlight highlight) {
    }

    private final ISourceViewer viewer;
    private final IPositionUpdater updater = new DefaultPositionUpdater(CATEGORY);
    private List<Styled> styled = List.of();
    private IDocument document;

    public SemanticPresenter(ISourceViewer viewer) {
        this.viewer = viewer;
        ((org.eclipse.jface.text.ITextViewerExtension4) viewer).addTextPresentationListener(this);
    }

    /** On the UI thread: the highlights computed for the document's current text. */
    public void update(List<LanguageSession.Highlight> highlights) {
        IDocument current = viewer.getDocument();
        if (current == null) {
            return;
        }
        if (current != document) {
            if (document != null) {
                release(document);
            }
            document = current;
            document.addPositionCategory(CATEGORY);
            document.addPositionUpdater(updater);
        }
        try {
            for (Styled each : styled) {
                document.removePosition(CATEGORY, each.position());
            }
        } catch (BadPositionCategoryException e) {
            throw new IllegalStateException(e);
        }
        List<Styled> fresh = new ArrayList<>();
        for (LanguageSession.Highlight highlight : highlights) {
            if (highlight.offset() + highlight.length() > document.getLength()) {
                continue;
            }
            Position position = new Position(highlight.offset(), highlight.length());
            try {
                document.addPosition(CATEGORY, position);
                fresh.add(new Styled(position, highlight));
            } catch (BadLocationException | BadPositionCategoryException e) {
                // a range the document no longer has: the next check sends it again
            }
        }
        styled = fresh;
        viewer.invalidateTextPresentation();
    }

    /** How many ranges are drawn: what the UI tests look at. */
    int size() {
        return styled.size();
    }

    public List<LanguageSession.Highlight> current() {
        return styled.stream().filter(each -> !each.position().isDeleted())
                .map(each -> new LanguageSession.Highlight(each.position().getOffset(), each.position().getLength(), each.highlight().style()))
                .toList();
    }

    @Override
    public void applyTextPresentation(TextPresentation presentation) {
        IRegion extent = presentation.getExtent();
        int start = extent.getOffset();
        int end = start + extent.getLength();
        for (Styled each : styled) {
            Position position = each.position();
            if (position.isDeleted() || position.getLength() == 0 || position.getOffset() + position.getLength() <= start
                    || position.getOffset() >= end) {
                continue;
            }
            int from = Math.max(start, position.getOffset());
            int to = Math.min(end, position.getOffset() + position.getLength());
            StyleRange range = SemanticColors.range(each.highlight(), from, to - from);
            if (range != null) {
                presentation.mergeStyleRange(range);
            }
        }
    }

    public void dispose() {
        ((org.eclipse.jface.text.ITextViewerExtension4) viewer).removeTextPresentationListener(this);
        if (document != null) {
            release(document);
        }
    }

    private void release(IDocument old) {
        old.removePositionUpdater(updater);
        try {
            old.removePositionCategory(CATEGORY);
        } catch (BadPositionCategoryException e) {
            // never added
        }
    }
}
