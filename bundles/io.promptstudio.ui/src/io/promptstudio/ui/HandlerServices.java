package io.promptstudio.ui;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

/** A handler's services: those of the window its command ran in (the workbench's e4 context and the window's). */
public final class HandlerServices {

    private HandlerServices() {
    }

    public static <T> T get(ExecutionEvent event, Class<T> type) {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        return window != null ? window.getService(type) : PlatformUI.getWorkbench().getService(type);
    }
}
