package io.promptstudio.runtime.provider;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Anthropic's messages API through LangChain4j, in one piece or streamed. Anthropic has no seed and no JSON-schema
 * mode: a profile's seed is reported as not honoured, and the output schema reaches the model through the
 * prompt's {@code {{ output_format }}} and is enforced by our own parser. {@code max_tokens} is required by the
 * API, so it defaults to 1024.
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
        ChatRequest request = request(call, notHonoured);
        ChatResponse response;
        try {
            response = AnthropicChatModel.builder().baseUrl(baseUrl(settings)).apiKey(apiKey).modelName(settings.model())
                    .maxTokens(maxTokens(settings)).timeout(settings.timeout()).maxRetries(0)
                    .httpClientBuilder(retry.clientBuilder(settings.retries())).build().chat(request);
        } catch (RuntimeException e) {
            throw OpenAiChatProvider.classify(e);
        }
        return reply(response, notHonoured, null);
    }

    @Override
    public Reply chatStreaming(Call call, Consumer<String> onText) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        ChatRequest request = request(call, notHonoured);
        AnthropicStreamingChatModel model = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(Retry.streamingClientBuilder()).baseUrl(baseUrl(settings)).apiKey(apiKey)
                .modelName(settings.model()).maxTokens(maxTokens(settings)).timeout(settings.timeout()).build();
        LangChainCalls.Streamed streamed = LangChainCalls.stream(handler -> model.chat(request, handler), settings, retry, onText);
        return reply(streamed.response(), notHonoured, streamed.firstTokenMillis());
    }

    /** The profile's settings in the request, so that both ways of calling send the same. */
    private static ChatRequest request(Call call, List<String> notHonoured) {
        ModelSettings settings = call.settings();
        DefaultChatRequestParameters.Builder<?> parameters = LangChainCalls.common(DefaultChatRequestParameters.builder(), call,
                maxTokens(settings));
        if (settings.seed() != null) {
            notHonoured.add("seed: Anthropic's API has no seed, so runs are not reproducible by seed");
        }
        return ChatRequest.builder().messages(LangChainCalls.messages(call.messages())).parameters(parameters.build()).build();
    }

    private static int maxTokens(ModelSettings settings) {
        return settings.maxTokens() == null ? 1024 : settings.maxTokens();
    }

    private static String baseUrl(ModelSettings settings) {
        return settings.endpoint() == null ? ANTHROPIC_URL : settings.endpoint();
    }

    private static Reply reply(ChatResponse response, List<String> notHonoured, Long firstTokenMillis) {
        Integer cached = response.tokenUsage() instanceof AnthropicTokenUsage anthropic ? anthropic.cacheReadInputTokens() : null;
        return LangChainCalls.reply(response, cached, notHonoured, firstTokenMillis);
    }
}
