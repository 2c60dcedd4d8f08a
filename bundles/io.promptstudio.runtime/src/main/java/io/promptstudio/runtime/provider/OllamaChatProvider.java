package io.promptstudio.runtime.provider;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's own API ({@code /api/chat}) through LangChain4j: the profile's temperature, top_p, seed,
 * max_tokens (as {@code num_predict}) and stop go out as Ollama's {@code options}; a typed output asks for
 * Ollama's JSON mode, the schema reaching the model through {@code {{ output_format }}}. No key: Ollama runs
 * on the user's machine (default {@code http://localhost:11434}).
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
        var builder = OllamaChatModel.builder();
        builder.baseUrl(settings.endpoint() == null ? OLLAMA_URL : settings.endpoint());
        builder.modelName(settings.model());
        builder.timeout(settings.timeout());
        builder.maxRetries(0);
        builder.httpClientBuilder(retry.clientBuilder(settings.retries()));
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
            builder.numPredict(settings.maxTokens());
        }
        if (!settings.stop().isEmpty()) {
            builder.stop(settings.stop());
        }
        if (call.outputSchema() != null) {
            builder.responseFormat(ResponseFormat.JSON);
        }
        ChatResponse response;
        try {
            response = builder.build().chat(LangChainCalls.messages(call.messages()));
        } catch (RuntimeException e) {
            throw OpenAiChatProvider.classify(e);
        }
        return LangChainCalls.reply(response, null, notHonoured, null);
    }
}
