package io.promptstudio.runtime.provider;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Google's Gemini API ({@code generateContent}) through LangChain4j. Seed, temperature, top_p, max_tokens (as
 * {@code maxOutputTokens}) and stop go out under Gemini's names; for a typed output Gemini's JSON mode is asked for
 * ({@code responseMimeType: application/json}) and the schema itself reaches the model through
 * {@code {{ output_format }}}.
 */
public final class GeminiChatProvider implements ChatProvider {

    /** Where Gemini answers. */
    public static final String GEMINI_URL = "https://generativelanguage.googleapis.com/v1beta";

    private final String apiKey;
    private final Retry retry;

    public GeminiChatProvider(String apiKey) {
        this(apiKey, Retry.standard());
    }

    public GeminiChatProvider(String apiKey, Retry retry) {
        this.apiKey = apiKey;
        this.retry = retry;
    }

    @Override
    public Reply chat(Call call) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder builder = GoogleAiGeminiChatModel.builder()
                .baseUrl(settings.endpoint() == null ? GEMINI_URL : settings.endpoint())
                .apiKey(apiKey)
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(0)
                .httpClientBuilder(retry.clientBuilder(settings.retries()));
        if (settings.temperature() != null) {
            builder.temperature(settings.temperature().doubleValue());
        }
        if (settings.topP() != null) {
            builder.topP(settings.topP().doubleValue());
        }
        Integer seed = LangChainCalls.seed(settings, notHonoured);
        if (seed != null) {
            builder.seed(seed);
        }
        if (settings.maxTokens() != null) {
            builder.maxOutputTokens(settings.maxTokens());
        }
        if (!settings.stop().isEmpty()) {
            builder.stopSequences(settings.stop());
        }
        if (call.outputSchema() != null) {
            builder.responseFormat(ResponseFormat.JSON);
        }
        List<ChatMessage> messages = LangChainCalls.messages(call.messages());
        ChatResponse response;
        try {
            response = builder.build().chat(messages);
        } catch (RuntimeException e) {
            throw OpenAiChatProvider.classify(e);
        }
        return LangChainCalls.reply(response, null, notHonoured, null);
    }
}
