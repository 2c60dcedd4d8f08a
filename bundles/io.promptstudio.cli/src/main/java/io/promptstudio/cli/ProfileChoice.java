package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.Profiles;
import io.promptstudio.runtime.provider.ModelSettings;
import java.util.ArrayList;
import java.util.List;

/** The profile a run uses: the one named by {@code --profile}, else the prompt's {@code using}. */
final class ProfileChoice {

    private ProfileChoice() {
    }

    static ModelSettings settings(LanguageWorkspace workspace, Prompt prompt, String requested) {
        Profile profile = requested == null ? prompt.getProfile() : find(workspace, requested);
        if (profile == null || profile.eIsProxy()) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: prompt " + prompt.getName()
                    + " names no profile (using …): give one with --profile");
        }
        return ModelSettings.of(profile.getName(), Profiles.settings(profile));
    }

    private static Profile find(LanguageWorkspace workspace, String name) {
        List<String> known = new ArrayList<>();
        for (var file : workspace.resources().keySet()) {
            for (var element : workspace.model(file).map(model -> model.getElements()).orElse(org.eclipse.emf.common.util.ECollections.emptyEList())) {
                if (element instanceof Profile profile && profile.getName() != null) {
                    if (profile.getName().equals(name)) {
                        return profile;
                    }
                    known.add(profile.getName());
                }
            }
        }
        known.sort(null);
        throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: no profile named '" + name + "'"
                + (known.isEmpty() ? "" : "; profiles: " + String.join(", ", known)));
    }
}
