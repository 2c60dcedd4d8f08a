package io.promptstudio.runtime.provider;

import java.util.Map;
import java.util.function.Function;

/**
 * The provider for a profile, with its key. Keys come from environment variables ({@code OPENAI_API_KEY}, …) or
 * from the key store the workbench provides; a missing key is an error before any request is made. A server
 * on this machine that speaks OpenAI's protocol ({@code openai-compatible} with a local endpoint) needs none.
 */
public final class Providers {

    private static final Map<String, String> KEY_VARIABLES = Map.of("openai", "OPENAI_API_KEY", "openai-compatible", "OPENAI_API_KEY",
            "anthropic", "ANTHROPIC_API_KEY", "gemini", "GEMINI_API_KEY", "azure-openai", "AZURE_OPENAI_API_KEY", "mistral", "MISTRAL_API_KEY");

    private Providers() {
    }

    /** The environment variable that carries a provider's API key ({@code OPENAI_API_KEY}, …), or null when it needs none. */
    public static String keyVariable(String provider) {
        return KEY_VARIABLES.get(provider);
    }

    /**
     * @param keys how to look up a key by its variable name (the environment, or a key store)
     * @throws ProviderException of kind {@code missing-key} or {@code unsupported}
     */
    public static ChatProvider forSettings(ModelSettings settings, Function<String, String> keys) throws ProviderException {
        String provider = settings.provider() == null ? "openai" : settings.provider();
        if (settings.model() == null || settings.model().isBlank()) {
            throw new ProviderException("unsupported", "profile " + settings.profile() + " names no model: add model = \"…\"", null);
        }
        String variable = KEY_VARIABLES.get(provider);
        String key = variable == null ? null : keys.apply(variable);
        return switch (provider) {
            case "openai", "openai-compatible" -> {
                boolean local = settings.endpoint() != null && settings.endpoint().matches("https?://(localhost|127\\.[0-9.]+|\\[::1\\])(:\\d+)?(/.*)?");
                if ((key == null || key.isBlank()) && !local) {
                    throw new ProviderException("missing-key", "no API key for provider " + provider + " (profile " + settings.profile()
                            + "): set " + variable + ", or store the key in the workbench's preferences", null);
                }
                yield new OpenAiChatProvider(key);
            }
            case "anthropic" -> {
                if (key == null || key.isBlank()) {
                    throw new ProviderException("missing-key", "no API key for provider anthropic (profile " + settings.profile()
                            + "): set ANTHROPIC_API_KEY, or store the key in the workbench's preferences", null);
                }
                yield new AnthropicChatProvider(key);
            }
            case "gemini" -> {
                if (key == null || key.isBlank()) {
                    throw new ProviderException("missing-key", "no API key for provider gemini (profile " + settings.profile()
                            + "): set GEMINI_API_KEY, or store the key in the workbench's preferences", null);
                }
                yield new GeminiChatProvider(key);
            }
            case "mistral", "azure-openai" -> {
                if (key == null || key.isBlank()) {
                    throw new ProviderException("missing-key", "no API key for provider " + provider + " (profile " + settings.profile()
                            + "): set " + variable + ", or store the key in the workbench's preferences", null);
                }
                yield new OpenAiChatProvider(key, provider.equals("mistral") ? OpenAiChatProvider.Dialect.MISTRAL : OpenAiChatProvider.Dialect.AZURE);
            }
            case "ollama" -> new OllamaChatProvider();
            default -> throw new ProviderException("unsupported", "provider " + provider + " (profile " + settings.profile()
                    + ") is not known", null);
        };
    }
}
