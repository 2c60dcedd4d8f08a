package io.promptstudio.ui.internal.language;

import io.promptstudio.ui.internal.Messages;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;

/** Labels of the editor's text-operation actions (JFace's actions read them from a resource bundle). */
public final class EditorTexts extends ListResourceBundle {

    public static final ResourceBundle BUNDLE = new EditorTexts();

    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"ContentAssistProposal.label", Messages.Editor_contentAssistLabel},
            {"ContentAssistProposal.tooltip", Messages.Editor_contentAssistTooltip},
            {"ContentAssistProposal.description", Messages.Editor_contentAssistDescription},
            {"QuickAssist.label", Messages.Editor_quickFixLabel},
            {"QuickAssist.tooltip", Messages.Editor_quickFixTooltip},
            {"QuickAssist.description", Messages.Editor_quickFixDescription},
        };
    }
}
