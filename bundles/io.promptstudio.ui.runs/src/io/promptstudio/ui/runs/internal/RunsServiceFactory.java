package io.promptstudio.ui.runs.internal;

import io.promptstudio.runs.PromptRuns;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchServiceFactory;
import io.promptstudio.ui.runs.internal.playground.WorkbenchRuns;
import org.eclipse.ui.services.IServiceLocator;

/** Makes the workbench's {@link PromptRuns} over the workbench's language session, and its {@link ChosenProfile}. */
public final class RunsServiceFactory extends WorkbenchServiceFactory {

    @Override
    protected Object make(Class<?> service, IServiceLocator services) {
        if (service == ChosenProfile.class) {
            return new ChosenProfile();
        }
        return service == PromptRuns.class ? WorkbenchRuns.create(services.getService(LanguageService.class)) : null;
    }
}
