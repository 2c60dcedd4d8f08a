package io.promptstudio.runtime.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's chat completions, and every server that speaks them (vLLM, LM Studio, llama.cpp, Ollama's /v1),
 * through LangChain4j. The profile's seed, temperature, top_p, max_tokens and stop go out under OpenAI's names;
 * the output schema goes out as {@code response_format: json_schema} (the provider's native structured mode).
 */
public final class OpenAiChatProvider implements ChatProvider {

    /** Where OpenAI itself answers. */
    public static final String OPENAI_URL = "https://api.openai.com/v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;

    public OpenAiChatProvider(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public Reply chat(Call call) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .baseUrl(settings.endpoint() == null ? OPENAI_URL : settings.endpoint())
                .apiKey(apiKey == null ? "not-needed" : apiKey)
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(settings.retries());
        if (settings.temperature() != null) {
            builder.temperature(settings.temperature().doubleValue());
        }
        if (settings.topP() != null) {
            builder.topP(settings.topP().doubleValue());
        }
        if (settings.seed() != null) {
            if (settings.seed() > Integer.MAX_VALUE) {
                notHonoured.add("seed " + settings.seed() + " is larger than the client can send; it was not sent");
            } else {
                builder.seed(settings.seed().intValue());
            }
        }
        if (settings.maxTokens() != null) {
            builder.maxTokens(settings.maxTokens());
        }
        if (!settings.stop().isEmpty()) {
            builder.stop(settings.stop());
        }
        if (call.outputSchema() != null) {
            Map<String, Object> format = new LinkedHashMap<>();
            format.put("type", "json_schema");
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("name", "output");
            schema.put("schema", JSON.convertValue(call.outputSchema(), Map.class));
            format.put("json_schema", schema);
            builder.customParameters(Map.of("response_format", format));
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (Message message : call.messages()) {
            messages.add(switch (message.role()) {
                case "system" -> SystemMessage.from(message.content());
                case "assistant" -> AiMessage.from(message.content());
                default -> UserMessage.from(message.content());
            });
        }
        ChatResponse response;
        try {
            response = builder.build().chat(messages);
        } catch (RuntimeException e) {
            throw classify(e);
        }
        var usage = response.tokenUsage();
        Integer cached = usage instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null
                ? openAi.inputTokensDetails().cachedTokens() : null;
        return new Reply(response.aiMessage() == null ? "" : response.aiMessage().text(), response.modelName(),
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), cached,
                response.finishReason() == null ? null : response.finishReason().name(), List.copyOf(notHonoured));
    }

    /** A failure as the user should hear it: what kind, and the provider's message. */
    static ProviderException classify(RuntimeException e) {
        String name = e.getClass().getSimpleName();
        String message = e.getMessage() == null ? name : e.getMessage();
        String kind = switch (name) {
            case "AuthenticationException" -> "authentication";
            case "RateLimitException" -> "rate-limit";
            case "InternalServerException" -> "server";
            case "TimeoutException" -> "timeout";
            case "InvalidRequestException", "ModelNotFoundException" -> "rejected";
            default -> e.getCause() instanceof java.net.ConnectException || message.contains("Connection refused") ? "unreachable" : "failed";
        };
        return new ProviderException(kind, message, e);
    }
}
