package io.promptstudio.runtime.provider;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ollama's own API ({@code /api/chat}) through LangChain4j, in one piece or streamed: the profile's temperature,
 * top_p, seed, max_tokens (as {@code num_predict}) and stop go out as Ollama's {@code options}; a typed output asks
 * for Ollama's JSON mode, the schema reaching the model through {@code {{ output_format }}}. No key: Ollama runs on
 * the user's machine (default {@code http://localhost:11434}).
 */
public final class OllamaChatProvider implements ChatProvider {

    /** Where a local Ollama answers. */
    public static final String OLLAMA_URL = "http://localhost:11434";

    private final Retry retry;

    public OllamaChatProvider() {
        this(Retry.standard());
    }

    public OllamaChatProvider(Retry retry) {
        this.retry = retry;
    }

    @Override
    public Reply chat(Call call) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        ChatRequest request = request(call, notHonoured);
        var builder = OllamaChatModel.builder();
        builder.baseUrl(baseUrl(settings)).modelName(settings.model()).timeout(settings.timeout())
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
        ChatRequest request = request(call, notHonoured);
        var builder = OllamaStreamingChatModel.builder().httpClientBuilder(Retry.streamingClientBuilder());
        builder.baseUrl(baseUrl(settings)).modelName(settings.model()).timeout(settings.timeout());
        OllamaStreamingChatModel model = builder.build();
        LangChainCalls.Streamed streamed = LangChainCalls.stream(handler -> model.chat(request, handler), settings, retry, onText);
        return LangChainCalls.reply(streamed.response(), null, notHonoured, streamed.firstTokenMillis());
    }

    private static ChatRequest request(Call call, List<String> notHonoured) {
        OllamaChatRequestParameters.Builder parameters = LangChainCalls.common(OllamaChatRequestParameters.builder(), call, null);
        Integer seed = LangChainCalls.seed(call.settings(), notHonoured);
        if (seed != null) {
            parameters.seed(seed);
        }
        if (call.outputSchema() != null) {
            parameters.responseFormat(ResponseFormat.JSON);
        }
        return ChatRequest.builder().messages(LangChainCalls.messages(call.messages())).parameters(parameters.build()).build();
    }

    private static String baseUrl(ModelSettings settings) {
        return settings.endpoint() == null ? OLLAMA_URL : settings.endpoint();
    }
}
