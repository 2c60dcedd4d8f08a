package io.promptstudio.ui.runs.internal.playground;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runs.PromptCatalog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The prompts of the workbench's language session, with the editors' unsaved text; the session is asked for when first needed. */
final class SessionCatalog implements PromptCatalog {

    private final Supplier<LanguageSession> session;

    SessionCatalog(Supplier<LanguageSession> session) {
        this.session = session;
    }

    @Override
    public RenderedPrompt render(String prompt, Map<String, ?> arguments) throws ArgumentException {
        return session.get().render(prompt, arguments);
    }

    @Override
    public String source(String prompt) {
        return session.get().promptSource(prompt);
    }

    @Override
    public Optional<String> profileOf(String prompt) {
        return session.get().prompts().stream().filter(info -> info.name().equals(prompt)).map(LanguageSession.PromptInfo::profile)
                .filter(Objects::nonNull).findFirst();
    }

    @Override
    public Optional<Map<String, Object>> profileSettings(String profile) {
        return session.get().profileSettings(profile);
    }

    @Override
    public List<String> profiles() {
        return session.get().profiles();
    }
}
