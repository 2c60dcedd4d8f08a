package io.promptstudio.ui.internal.language;

import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.internal.Messages;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * Quick fixes from the Problems view and the editor's ruler: the same fixes as Ctrl+1. The platform makes this from
 * its extension, outside any part, so it takes the language service from the workbench's context.
 */
public final class PromptMarkerResolutions implements IMarkerResolutionGenerator2 {

    private static LanguageService language() {
        return org.eclipse.ui.PlatformUI.getWorkbench().getService(LanguageService.class);
    }

    @Override
    public boolean hasResolutions(IMarker marker) {
        return marker.getResource() instanceof IFile file && !Fixes.of(language(), file, marker).isEmpty();
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        if (!(marker.getResource() instanceof IFile file)) {
            return new IMarkerResolution[0];
        }
        return Fixes.of(language(), file, marker).stream().map(fix -> (IMarkerResolution) new Resolution(file, fix)).toArray(IMarkerResolution[]::new);
    }

    private record Resolution(IFile file, QuickFixes.Fix fix) implements IMarkerResolution2 {
        @Override
        public String getLabel() {
            return fix.title();
        }

        @Override
        public void run(IMarker marker) {
            try {
                FixApplier.apply(language(), file, fix.edits());
            } catch (CoreException | BadLocationException e) {
                StatusManager.getManager().handle(LanguageService.error(NLS.bind(Messages.Fix_failed, fix.title(), file.getName()), e),
                        StatusManager.SHOW | StatusManager.LOG);
            }
        }

        @Override
        public String getDescription() {
            return fix.title();
        }

        @Override
        public org.eclipse.swt.graphics.Image getImage() {
            return null;
        }
    }
}
