package io.promptstudio.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The "Prompt Engineering" perspective: library and project tree left, editors centre, problems below. The feature
 * bundles add their views to it through {@code org.eclipse.ui.perspectiveExtensions}.
 */
public class PromptEngineeringPerspective implements IPerspectiveFactory {

    public static final String ID = "io.promptstudio.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.26f, editors);
        left.addView(PromptLibraryView.ID);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);

        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.55f, editors);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);

        layout.addView(IPageLayout.ID_OUTLINE, IPageLayout.RIGHT, 0.78f, editors);

        layout.addNewWizardShortcut(NewPromptProjectWizard.ID);
        layout.addNewWizardShortcut(NewPromptFileWizard.ID);
        layout.addShowViewShortcut(PromptLibraryView.ID);
        layout.addShowViewShortcut(WelcomeView.ID);
        layout.addShowViewShortcut(IPageLayout.ID_PROJECT_EXPLORER);
        layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_OUTLINE);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
    }
}
