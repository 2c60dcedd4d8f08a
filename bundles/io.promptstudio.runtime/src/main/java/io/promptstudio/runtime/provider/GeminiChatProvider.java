package io.promptstudio.runtime.provider;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatRequestParameters;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Google's Gemini API ({@code generateContent}, streamed as {@code streamGenerateContent}) through LangChain4j.
 * Seed, temperature, top_p, max_tokens (as {@code maxOutputTokens}) and stop go out under Gemini's names; for a
 * typed output Gemini's JSON mode is asked for ({@code responseMimeType: application/json}) and the schema itself
 * reaches the model through {@code {{ output_format }}}.
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
        ChatRequest request = request(call);
        // the seed is a setting of the model, not of the request, in LangChain4j's Gemini client
        Integer seed = LangChainCalls.seed(settings, notHonoured);
        GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder builder = GoogleAiGeminiChatModel.builder().baseUrl(baseUrl(settings))
                .apiKey(apiKey).modelName(settings.model()).timeout(settings.timeout()).seed(seed)
                .httpClientBuilder(retry.clientBuilder(settings.retries()));
        builder.maxRetries(0);
        ChatResponse response;
        try {
            response = builder.build().chat(request);
        } catch (RuntimeException e) {
            throw OpenAiChatProvider.classify(e);
        }
        return LangChainCalls.reply(response, null, notHonoured, null);
    }

    @Override
    public Reply chatStreaming(Call call, Consumer<String> onText) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        ChatRequest request = request(call);
        Integer seed = LangChainCalls.seed(settings, notHonoured);
        GoogleAiGeminiStreamingChatModel model = GoogleAiGeminiStreamingChatModel.builder()
                .httpClientBuilder(Retry.streamingClientBuilder()).baseUrl(baseUrl(settings)).apiKey(apiKey)
                .modelName(settings.model()).timeout(settings.timeout()).seed(seed).build();
        LangChainCalls.Streamed streamed = LangChainCalls.stream(handler -> model.chat(request, handler), settings, retry, onText);
        return LangChainCalls.reply(streamed.response(), null, notHonoured, streamed.firstTokenMillis());
    }

    private static ChatRequest request(Call call) {
        GoogleAiGeminiChatRequestParameters.Builder parameters = LangChainCalls.common(GoogleAiGeminiChatRequestParameters.builder(), call, null);
        if (call.outputSchema() != null) {
            parameters.responseFormat(ResponseFormat.JSON);
        }
        return ChatRequest.builder().messages(LangChainCalls.messages(call.messages())).parameters(parameters.build()).build();
    }

    private static String baseUrl(ModelSettings settings) {
        return settings.endpoint() == null ? GEMINI_URL : settings.endpoint();
    }
}
