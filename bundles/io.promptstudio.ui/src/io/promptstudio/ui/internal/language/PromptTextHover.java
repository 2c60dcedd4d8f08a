package io.promptstudio.ui.internal.language;

import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.PromptEditor;
import java.nio.file.Path;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;

/** The type and documentation of the name under the mouse; a finding's message where there is one. */
final class PromptTextHover implements ITextHover {

    private final PromptEditor editor;

    PromptTextHover(PromptEditor editor) {
        this.editor = editor;
    }

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        IFile file = editor.file();
        Path path = file == null ? null : LanguageService.pathOf(file);
        if (path == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        ProblemMarkers.at(file, region.getOffset()).forEach(marker -> text.append(marker.getAttribute(org.eclipse.core.resources.IMarker.MESSAGE, ""))
                .append("\n"));
        editor.language().session().hover(path, region.getOffset()).map(PromptTextHover::plain).ifPresent(hover -> {
            if (!text.isEmpty()) {
                text.append("\n");
            }
            text.append(hover);
        });
        return text.isEmpty() ? null : text.toString().strip();
    }

    /** The Markdown of the language's hover as plain text: the signature's code fence dropped. */
    static String plain(String markdown) {
        return markdown.replaceAll("(?m)^```[a-z]*\\s*$\\n?", "").strip();
    }

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }
}
