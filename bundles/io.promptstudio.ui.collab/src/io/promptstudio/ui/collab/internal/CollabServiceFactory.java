package io.promptstudio.ui.collab.internal;

import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchServiceFactory;
import org.eclipse.ui.services.IServiceLocator;

/** Makes the workbench's {@link Collaboration} (which follows the language's editors) and {@link LocalServer}. */
public final class CollabServiceFactory extends WorkbenchServiceFactory {

    @Override
    protected Object make(Class<?> service, IServiceLocator services) {
        if (service == Collaboration.class) {
            return new Collaboration(services.getService(LanguageService.class));
        }
        return service == LocalServer.class ? new LocalServer() : null;
    }
}
