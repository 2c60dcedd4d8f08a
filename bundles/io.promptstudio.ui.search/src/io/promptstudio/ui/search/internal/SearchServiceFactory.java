package io.promptstudio.ui.search.internal;

import io.promptstudio.ui.WorkbenchServiceFactory;
import io.promptstudio.ui.search.SearchService;
import org.eclipse.ui.services.IServiceLocator;

/** Makes the workbench's {@link SearchService}. */
public final class SearchServiceFactory extends WorkbenchServiceFactory {

    @Override
    protected Object make(Class<?> service, IServiceLocator services) {
        return service == SearchService.class ? new SearchService() : null;
    }
}
