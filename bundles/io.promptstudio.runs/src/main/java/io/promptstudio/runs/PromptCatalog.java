package io.promptstudio.runs;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runs.internal.WorkspaceCatalog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prompts a run can name, and their profiles: a folder of prompt files for the CLI, the workbench's language
 * session (with the editors' unsaved text) in the workbench.
 */
public interface PromptCatalog {

    /**
     * The prompt's messages with these arguments.
     *
     * @param prompt qualified, or simple when only one prompt has that name
     * @throws ArgumentException when an argument does not fit its parameter
     * @throws IllegalArgumentException when there is no such prompt, naming those there are
     */
    RenderedPrompt render(String prompt, Map<String, ?> arguments) throws ArgumentException;

    /** The text of the prompt's file: its hash is the prompt's version in the history and the cache. */
    String source(String prompt) throws IOException;

    /** The profile the prompt names with {@code using}, if it names one that exists. */
    Optional<String> profileOf(String prompt);

    /** A profile's effective settings (its own over those it extends), or empty when there is no such profile. */
    Optional<Map<String, Object>> profileSettings(String profile);

    /** The names of every profile, sorted. */
    List<String> profiles();

    /** The prompts of files loaded into a language workspace, read from disk. */
    static PromptCatalog of(LanguageWorkspace workspace) {
        return new WorkspaceCatalog(workspace);
    }
}
