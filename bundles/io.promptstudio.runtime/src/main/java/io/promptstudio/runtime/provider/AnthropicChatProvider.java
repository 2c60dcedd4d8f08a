package io.promptstudio.runtime.provider;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's messages API through LangChain4j. Anthropic has no seed and no JSON-schema mode: a profile's seed
 * is reported as not honoured, and the output schema reaches the model through the prompt's
 * {@code {{ output_format }}} and is enforced by our own parser. {@code max_tokens} is required by the API,
 * so it defaults to 1024.
 */
public final class AnthropicChatProvider implements ChatProvider {

    /** Where Anthropic answers. */
    public static final String ANTHROPIC_URL = "https://api.anthropic.com/v1/";

    private final String apiKey;
    private final Retry retry;

    public AnthropicChatProvider(String apiKey) {
        this(apiKey, Retry.standard());
    }

    public AnthropicChatProvider(String apiKey, Retry retry) {
        this.apiKey = apiKey;
        this.retry = retry;
    }

    @Override
    public Reply chat(Call call) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        AnthropicChatModel.AnthropicChatModelBuilder builder = AnthropicChatModel.builder()
                .baseUrl(settings.endpoint() == null ? ANTHROPIC_URL : settings.endpoint())
                .apiKey(apiKey)
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(0)
                .httpClientBuilder(retry.clientBuilder(settings.retries()))
                .maxTokens(settings.maxTokens() == null ? 1024 : settings.maxTokens());
        if (settings.temperature() != null) {
            builder.temperature(settings.temperature().doubleValue());
        }
        if (settings.topP() != null) {
            builder.topP(settings.topP().doubleValue());
        }
        if (!settings.stop().isEmpty()) {
            builder.stopSequences(settings.stop());
        }
        if (settings.seed() != null) {
            notHonoured.add("seed: Anthropic's API has no seed, so runs are not reproducible by seed");
        }
        List<ChatMessage> messages = LangChainCalls.messages(call.messages());
        ChatResponse response;
        try {
            response = builder.build().chat(messages);
        } catch (RuntimeException e) {
            throw OpenAiChatProvider.classify(e);
        }
        Integer cached = response.tokenUsage() instanceof AnthropicTokenUsage anthropic ? anthropic.cacheReadInputTokens() : null;
        return LangChainCalls.reply(response, cached, notHonoured, null);
    }
}
