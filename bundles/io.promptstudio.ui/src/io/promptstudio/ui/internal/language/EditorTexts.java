package io.promptstudio.ui.internal.language;

import java.util.ListResourceBundle;
import java.util.ResourceBundle;

/** Labels of the editor's text-operation actions (JFace's actions read them from a resource bundle). */
public final class EditorTexts extends ListResourceBundle {

    static final ResourceBundle BUNDLE = new EditorTexts();

    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"ContentAssistProposal.label", "Content &Assist"},
            {"ContentAssistProposal.tooltip", "Content Assist"},
            {"ContentAssistProposal.description", "Propose what can be written here"},
            {"QuickAssist.label", "&Quick Fix"},
            {"QuickAssist.tooltip", "Quick Fix"},
            {"QuickAssist.description", "Fix the problem at the caret"},
        };
    }
}
