package io.promptstudio.ui;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;

/** The workbench bundle's log (the Error Log and {@code .metadata/.log}). */
public final class PromptStudioLog {

    private PromptStudioLog() {
    }

    public static void log(IStatus status) {
        ILog.of(PromptStudioLog.class).log(status);
    }
}
