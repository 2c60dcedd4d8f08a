package io.promptstudio.ui.internal;

import io.promptstudio.ui.LanguageService;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.ide.IDE;
import org.osgi.framework.Bundle;

/**
 * Workbench life cycle: the language service, the initial perspective, IDE adapters and images, and saving the
 * workspace on exit.
 */
public class PromptStudioWorkbenchAdvisor extends WorkbenchAdvisor {

    private final LanguageService language = new LanguageService();

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        // Before any part is restored. The feature bundles' services come from their org.eclipse.ui.services factories.
        configurer.getWorkbench().getService(IEclipseContext.class).set(LanguageService.class, language);
        configurer.setSaveAndRestore(true);
        IDE.registerAdapters();
        declareIdeImages(configurer);
    }

    /** Project Explorer and the Problems view look their images up in the workbench registry; the IDE application normally declares them. */
    private void declareIdeImages(IWorkbenchConfigurer configurer) {
        Bundle ide = Platform.getBundle("org.eclipse.ui.ide");
        if (ide == null) {
            return;
        }
        declare(configurer, ide, IDE.SharedImages.IMG_OBJ_PROJECT, "icons/full/obj16/prj_obj.svg");
        declare(configurer, ide, IDE.SharedImages.IMG_OBJ_PROJECT_CLOSED, "icons/full/obj16/cprj_obj.svg");
        declare(configurer, ide, "IMG_DLGBAN_SAVEAS_DLG", "icons/full/wizban/saveas_wiz.svg");
    }

    private void declare(IWorkbenchConfigurer configurer, Bundle bundle, String key, String path) {
        var url = bundle.getEntry(path);
        if (url == null) {
            url = bundle.getEntry(path.replace(".svg", ".png"));
        }
        if (url != null) {
            configurer.declareImage(key, ImageDescriptor.createFromURL(url), true);
        }
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new PromptStudioWindowAdvisor(configurer);
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return PromptEngineeringPerspective.ID;
    }

    @Override
    public IAdaptable getDefaultPageInput() {
        return ResourcesPlugin.getWorkspace().getRoot();
    }

    @Override
    public void postStartup() {
        new ImportProjectsJob().schedule();
        boolean firstStart = GettingStarted.isFirstStart() && !Boolean.getBoolean("promptstudio.noGettingStarted");
        if (firstStart) {
            GettingStarted gettingStarted = new GettingStarted();
            gettingStarted.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
                @Override
                public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                    language.startInBackground();
                    org.eclipse.swt.widgets.Display.getDefault().asyncExec(PromptStudioWorkbenchAdvisor::showWelcome);
                }
            });
            gettingStarted.schedule();
        } else {
            language.startInBackground();
        }
    }

    private static void showWelcome() {
        var window = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window != null && window.getActivePage() != null) {
            try {
                window.getActivePage().showView(WelcomeView.ID);
            } catch (org.eclipse.ui.PartInitException e) {
                ILog.of(PromptStudioWorkbenchAdvisor.class).error("The welcome page could not be shown", e);
            }
        }
    }

    @Override
    public boolean preShutdown() {
        try {
            ResourcesPlugin.getWorkspace().save(true, new NullProgressMonitor());
        } catch (CoreException e) {
            // Closing must not be blocked by a failed save; the workspace recovers from its last snapshot.
            ILog.of(getClass()).error("Saving the workspace failed", e);
        }
        return true;
    }
}
