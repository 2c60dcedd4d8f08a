package io.promptstudio.ui;

import org.eclipse.ui.services.AbstractServiceFactory;
import org.eclipse.ui.services.IServiceLocator;

/**
 * A feature bundle's services, contributed through {@code org.eclipse.ui.services}: each is made once, for the
 * workbench, on first use, and found from every window, part and handler through {@code getService}. The
 * workbench disposes those that implement {@link org.eclipse.ui.services.IDisposable} when it closes.
 */
public abstract class WorkbenchServiceFactory extends AbstractServiceFactory {

    @Override
    @SuppressWarnings("rawtypes")
    public final Object create(Class serviceInterface, IServiceLocator parentLocator, IServiceLocator locator) {
        if (parentLocator.hasService(serviceInterface)) {
            // A window's or a part's locator: answering null makes it take the workbench's instance from its parent.
            return null;
        }
        return make(serviceInterface, locator);
    }

    /**
     * Makes the workbench's instance of {@code service}.
     *
     * @param services the workbench's services, for the ones this one needs
     * @return the service, or null for a type this factory does not make
     */
    protected abstract Object make(Class<?> service, IServiceLocator services);
}
