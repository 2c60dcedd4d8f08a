package io.promptstudio.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** The "Prompt Engineering" perspective: library and project tree left, editors centre, problems below. */
public class PromptEngineeringPerspective implements IPerspectiveFactory {

    public static final String ID = "io.promptstudio.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.26f, editors);
        left.addView(PromptLibraryView.ID);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);

        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.55f, editors);
        bottom.addView(io.promptstudio.ui.internal.playground.PlaygroundView.ID);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(io.promptstudio.ui.internal.history.HistoryView.ID);
        bottom.addView(io.promptstudio.ui.internal.search.SemanticSearchView.ID);
        bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);

        layout.addView(IPageLayout.ID_OUTLINE, IPageLayout.RIGHT, 0.78f, editors);

        layout.addNewWizardShortcut(NewPromptProjectWizard.ID);
        layout.addNewWizardShortcut(NewPromptFileWizard.ID);
        layout.addShowViewShortcut(PromptLibraryView.ID);
        layout.addShowViewShortcut(io.promptstudio.ui.internal.playground.PlaygroundView.ID);
        layout.addShowViewShortcut(io.promptstudio.ui.internal.history.HistoryView.ID);
        layout.addShowViewShortcut(io.promptstudio.ui.internal.search.SemanticSearchView.ID);
        layout.addShowViewShortcut(WelcomeView.ID);
        layout.addShowViewShortcut(IPageLayout.ID_PROJECT_EXPLORER);
        layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_OUTLINE);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
    }
}
