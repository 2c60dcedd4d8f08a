package io.promptstudio.runtime.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI's chat completions, and every server that speaks them (vLLM, LM Studio, llama.cpp, Ollama's /v1),
 * through LangChain4j. The profile's seed, temperature, top_p, max_tokens and stop go out under OpenAI's names;
 * the output schema goes out as {@code response_format: json_schema} (the provider's native structured mode).
 * Streamed calls use server-sent events and measure the time to the first token.
 */
public final class OpenAiChatProvider implements ChatProvider {

    /** Where OpenAI itself answers. */
    public static final String OPENAI_URL = "https://api.openai.com/v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How a provider's OpenAI-style API differs from OpenAI's: where it is, what its seed is called, and how the
     * key is given (as a bearer token, or in a header of its own with an API version in the query, as Azure does).
     */
    public record Dialect(String name, String defaultUrl, String seedParameter, String keyHeader, Map<String, String> query) {
        public static final Dialect OPENAI = new Dialect("openai", OPENAI_URL, "seed", null, Map.of());
        public static final Dialect MISTRAL = new Dialect("mistral", "https://api.mistral.ai/v1", "random_seed", null, Map.of());
        public static final Dialect AZURE = new Dialect("azure-openai", null, "seed", "api-key", Map.of("api-version", "2024-10-21"));
    }

    private final String apiKey;
    private final Dialect dialect;
    private final Retry retry;

    public OpenAiChatProvider(String apiKey) {
        this(apiKey, Dialect.OPENAI, Retry.standard());
    }

    public OpenAiChatProvider(String apiKey, Dialect dialect) {
        this(apiKey, dialect, Retry.standard());
    }

    public OpenAiChatProvider(String apiKey, Dialect dialect, Retry retry) {
        this.apiKey = apiKey;
        this.dialect = dialect;
        this.retry = retry;
    }

    @Override
    public Reply chat(Call call) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        ChatRequest request = request(call, notHonoured);
        ChatResponse response;
        try {
            OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder().baseUrl(baseUrl(settings)).apiKey(bearer())
                    .timeout(settings.timeout()).maxRetries(0).httpClientBuilder(retry.clientBuilder(settings.retries()))
                    .customQueryParams(dialect.query());
            if (dialect.keyHeader() != null) {
                builder.customHeaders(Map.of(dialect.keyHeader(), key()));
            }
            response = builder.build().chat(request);
        } catch (RuntimeException e) {
            throw classify(e);
        }
        return reply(response, notHonoured, null);
    }

    @Override
    public Reply chatStreaming(Call call, Consumer<String> onText) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        ChatRequest request = request(call, notHonoured);
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(Retry.streamingClientBuilder()).baseUrl(baseUrl(settings))
                .apiKey(bearer()).timeout(settings.timeout()).customQueryParams(dialect.query());
        if (dialect.keyHeader() != null) {
            builder.customHeaders(Map.of(dialect.keyHeader(), key()));
        }
        OpenAiStreamingChatModel model = builder.build();
        LangChainCalls.Streamed streamed = LangChainCalls.stream(handler -> model.chat(request, handler), settings, retry, onText);
        return reply(streamed.response(), notHonoured, streamed.firstTokenMillis());
    }

    /** The request both ways of calling send: the same settings give the same bytes. */
    private ChatRequest request(Call call, List<String> notHonoured) {
        ModelSettings settings = call.settings();
        OpenAiChatRequestParameters.Builder parameters = OpenAiChatRequestParameters.builder();
        parameters.modelName(settings.model());
        if (settings.temperature() != null) {
            parameters.temperature(settings.temperature().doubleValue());
        }
        if (settings.topP() != null) {
            parameters.topP(settings.topP().doubleValue());
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        if (settings.seed() != null) {
            if (!dialect.seedParameter().equals("seed")) {
                custom.put(dialect.seedParameter(), settings.seed());
            } else if (LangChainCalls.seed(settings, notHonoured) != null) {
                parameters.seed(settings.seed().intValue());
            }
        }
        if (settings.maxTokens() != null) {
            parameters.maxOutputTokens(settings.maxTokens());
        }
        if (!settings.stop().isEmpty()) {
            parameters.stopSequences(settings.stop());
        }
        if (call.outputSchema() != null) {
            Map<String, Object> format = new LinkedHashMap<>();
            format.put("type", "json_schema");
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("name", "output");
            schema.put("schema", JSON.convertValue(call.outputSchema(), Map.class));
            format.put("json_schema", schema);
            custom.put("response_format", format);
        }
        if (!custom.isEmpty()) {
            parameters.customParameters(custom);
        }
        List<ChatMessage> messages = LangChainCalls.messages(call.messages());
        return ChatRequest.builder().messages(messages).parameters(parameters.build()).build();
    }

    private static Reply reply(ChatResponse response, List<String> notHonoured, Long firstTokenMillis) {
        Integer cached = response.tokenUsage() instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null
                ? openAi.inputTokensDetails().cachedTokens() : null;
        return LangChainCalls.reply(response, cached, notHonoured, firstTokenMillis);
    }

    private String baseUrl(ModelSettings settings) throws ProviderException {
        if (settings.endpoint() == null && dialect.defaultUrl() == null) {
            throw new ProviderException("rejected", "profile " + settings.profile() + " needs an endpoint for " + dialect.name()
                    + " (for Azure: https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT)", null);
        }
        return settings.endpoint() == null ? dialect.defaultUrl() : settings.endpoint();
    }

    private String key() {
        return apiKey == null ? "not-needed" : apiKey;
    }

    /** The bearer token: none where the key goes in a header of the provider's own. */
    private String bearer() {
        return dialect.keyHeader() == null ? key() : null;
    }

    /** A failure as the user should hear it: what kind, and the provider's message. */
    static ProviderException classify(Throwable e) {
        String name = e.getClass().getSimpleName();
        String message = e.getMessage() == null ? name : e.getMessage();
        String kind = switch (name) {
            case "AuthenticationException" -> "authentication";
            case "RateLimitException" -> "rate-limit";
            case "InternalServerException" -> "server";
            case "TimeoutException" -> "timeout";
            case "InvalidRequestException", "ModelNotFoundException" -> "rejected";
            default -> causedBy(e, InterruptedException.class) || Thread.currentThread().isInterrupted() ? "cancelled"
                    : causedBy(e, java.util.concurrent.TimeoutException.class) || causedBy(e, java.net.http.HttpTimeoutException.class) ? "timeout"
                    : causedBy(e, java.net.ConnectException.class) || message.contains("Connection refused") ? "unreachable" : "failed";
        };
        if (kind.equals("unreachable")) {
            // the libraries' messages here are exception names ("java.net.ConnectException"), not sentences
            message = "the connection was refused or could not be made";
        }
        return new ProviderException(kind, message, e);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
