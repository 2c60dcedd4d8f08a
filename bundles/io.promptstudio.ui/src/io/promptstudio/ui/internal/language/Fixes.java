package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.ui.LanguageService;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;

/** The quick fixes for a marker, from the session (which holds the editor's current text). */
final class Fixes {

    private Fixes() {
    }

    static List<QuickFixes.Fix> of(LanguageService language, IFile file, IMarker marker) {
        Path path = LanguageService.pathOf(file);
        if (path == null || !marker.exists()) {
            return List.of();
        }
        return language.session().fixes(path, ProblemMarkers.finding(marker)).stream().filter(fix -> !fix.edits().isEmpty()).toList();
    }
}
