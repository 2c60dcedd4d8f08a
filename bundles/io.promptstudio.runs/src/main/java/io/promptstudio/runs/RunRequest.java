package io.promptstudio.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run asks for.
 *
 * @param prompt    the prompt: qualified, or simple when only one prompt has that name
 * @param arguments the arguments as plain Java values (text, numbers, lists, maps), as {@code TypedValues} describes
 * @param profile   the profile to run with; null for the prompt's own ({@code using …})
 * @param overrides profile settings given as text over the profile's ({@code temperature}, {@code seed}, …); blank ones are ignored
 * @param cache     how to use the cache; null to run without it
 */
public record RunRequest(String prompt, Map<String, ?> arguments, String profile, Map<String, String> overrides, CacheUse cache) {

    public RunRequest {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        Map<String, String> given = new LinkedHashMap<>();
        if (overrides != null) {
            overrides.forEach((key, value) -> {
                if (value != null && !value.isBlank()) {
                    given.put(key, value.strip());
                }
            });
        }
        overrides = Collections.unmodifiableMap(given);
    }

    /** The prompt with these arguments, on its own profile, without the cache. */
    public static RunRequest of(String prompt, Map<String, ?> arguments) {
        return new RunRequest(prompt, arguments, null, Map.of(), null);
    }

    public RunRequest withProfile(String name) {
        return new RunRequest(prompt, arguments, name, overrides, cache);
    }

    public RunRequest withOverrides(Map<String, String> settings) {
        return new RunRequest(prompt, arguments, profile, settings, cache);
    }

    public RunRequest withCache(CacheUse use) {
        return new RunRequest(prompt, arguments, profile, overrides, use);
    }
}
