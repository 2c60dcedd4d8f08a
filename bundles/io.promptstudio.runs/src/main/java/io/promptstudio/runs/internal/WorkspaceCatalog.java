package io.promptstudio.runs.internal;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.Profiles;
import io.promptstudio.dsl.render.PromptRenderer;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runs.PromptCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The prompts of a {@link LanguageWorkspace}, whose files are read from disk. */
public final class WorkspaceCatalog implements PromptCatalog {

    private final LanguageWorkspace workspace;
    private final PromptRenderer renderer;
    // The workspace is loaded once and never changes: what is found in it is found once.
    private final Map<String, Prompt> prompts = new ConcurrentHashMap<>();
    private final Map<Path, String> sources = new ConcurrentHashMap<>();

    public WorkspaceCatalog(LanguageWorkspace workspace) {
        this.workspace = workspace;
        this.renderer = workspace.languageInjector().getInstance(PromptRenderer.class);
    }

    private Prompt prompt(String name) {
        Prompt found = prompts.get(name);
        if (found == null) {
            found = workspace.prompt(name);
            prompts.put(name, found);
        }
        return found;
    }

    @Override
    public RenderedPrompt render(String prompt, Map<String, ?> arguments) throws ArgumentException {
        return renderer.render(prompt(prompt), arguments);
    }

    /** The text of the prompt's file, read once: the version the loaded model was parsed from, whatever happens on disk. */
    @Override
    public String source(String prompt) throws IOException {
        Prompt found = prompt(prompt);
        Path file = workspace.resources().entrySet().stream().filter(entry -> entry.getValue() == found.eResource()).findFirst()
                .orElseThrow(() -> new IOException("the file of " + prompt + " is not loaded")).getKey();
        String text = sources.get(file);
        if (text == null) {
            text = Files.readString(file);
            sources.put(file, text);
        }
        return text;
    }

    @Override
    public Optional<String> profileOf(String prompt) {
        Profile profile = prompt(prompt).getProfile();
        return profile == null || profile.eIsProxy() ? Optional.empty() : Optional.of(profile.getName());
    }

    @Override
    public Optional<Map<String, Object>> profileSettings(String profile) {
        return workspace.profiles().stream().filter(each -> each.getName().equals(profile)).findFirst().map(Profiles::settings);
    }

    @Override
    public List<String> profiles() {
        return workspace.profiles().stream().map(Profile::getName).distinct().sorted().toList();
    }
}
