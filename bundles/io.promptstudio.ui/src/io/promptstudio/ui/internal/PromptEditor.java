package io.promptstudio.ui.internal;

import org.eclipse.ui.editors.text.TextEditor;

/**
 * The editor for prompt files. For now a text editor with line numbers and undo; the prompt
 * language issue replaces its configuration with highlighting, assist and validation.
 */
public class PromptEditor extends TextEditor {

    public static final String ID = "io.promptstudio.ui.promptEditor";

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        setRulerContextMenuId("#PromptEditorRulerContext");
        setEditorContextMenuId("#PromptEditorContext");
    }
}
