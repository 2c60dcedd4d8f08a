package io.promptstudio.ui.internal;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectNature;

/**
 * Marks a PromptStudio project. It adds no builder yet: the prompt language's checker hooks in here
 * once it exists.
 */
public class PromptNature implements IProjectNature {

    private IProject project;

    @Override
    public void configure() {
        // Nothing to install until the prompt checker contributes a builder.
    }

    @Override
    public void deconfigure() {
        // Nothing was installed by configure().
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }
}
