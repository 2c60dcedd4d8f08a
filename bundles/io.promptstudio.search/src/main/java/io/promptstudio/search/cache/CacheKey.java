package io.promptstudio.search.cache;

import java.util.Objects;

/**
 * What must be equal for a cached answer to be reused at all: the prompt, its version (the hash of its file:
 * another template is another question), the profile, and the domain whose threshold and TTL apply. Within a key,
 * answers are matched on the similarity of the rendered input.
 */
public record CacheKey(String prompt, String promptVersion, String profile, String domain) {

    public CacheKey {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(promptVersion, "promptVersion");
        profile = profile == null ? "" : profile;
        domain = domain == null || domain.isBlank() ? CacheSettings.DEFAULT_DOMAIN : domain;
    }
}
