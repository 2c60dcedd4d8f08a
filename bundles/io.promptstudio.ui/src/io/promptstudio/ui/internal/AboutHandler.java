package io.promptstudio.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** Help > About PromptStudio. */
public class AboutHandler extends AbstractHandler {

    /** The command that opens the dialog: Help > About PromptStudio. */
    public static final String COMMAND_ID = "io.promptstudio.ui.about";

    @Override
    public Object execute(ExecutionEvent event) {
        new AboutDialog(HandlerUtil.getActiveShell(event)).open();
        return null;
    }
}
