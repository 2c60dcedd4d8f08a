package io.promptstudio.runtime.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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

    private final String apiKey;

    public OpenAiChatProvider(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public Reply chat(Call call) throws ProviderException {
        ModelSettings settings = call.settings();
        List<String> notHonoured = new ArrayList<>();
        ChatRequest request = request(call, notHonoured);
        ChatResponse response;
        try {
            response = OpenAiChatModel.builder().baseUrl(baseUrl(settings)).apiKey(key()).timeout(settings.timeout())
                    .maxRetries(settings.retries()).build().chat(request);
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
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        AtomicLong firstToken = new AtomicLong(-1);
        long start = System.nanoTime();
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl(settings)).apiKey(key())
                .timeout(settings.timeout()).build();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                firstToken.compareAndSet(-1, (System.nanoTime() - start) / 1_000_000);
                onText.accept(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            ChatResponse response = done.get(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return reply(response, notHonoured, firstToken.get() < 0 ? null : firstToken.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? classify(runtime)
                    : new ProviderException("failed", String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderException("timeout", "no complete answer within " + settings.timeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("cancelled", "the run was cancelled", e);
        }
    }

    /** The request both ways of calling send: the same settings give the same bytes. */
    private static ChatRequest request(Call call, List<String> notHonoured) {
        ModelSettings settings = call.settings();
        OpenAiChatRequestParameters.Builder parameters = OpenAiChatRequestParameters.builder();
        parameters.modelName(settings.model());
        if (settings.temperature() != null) {
            parameters.temperature(settings.temperature().doubleValue());
        }
        if (settings.topP() != null) {
            parameters.topP(settings.topP().doubleValue());
        }
        if (settings.seed() != null) {
            if (settings.seed() > Integer.MAX_VALUE) {
                notHonoured.add("seed " + settings.seed() + " is larger than the client can send; it was not sent");
            } else {
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
            parameters.customParameters(Map.of("response_format", format));
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (Message message : call.messages()) {
            messages.add(switch (message.role()) {
                case "system" -> SystemMessage.from(message.content());
                case "assistant" -> AiMessage.from(message.content());
                default -> UserMessage.from(message.content());
            });
        }
        return ChatRequest.builder().messages(messages).parameters(parameters.build()).build();
    }

    private static Reply reply(ChatResponse response, List<String> notHonoured, Long firstTokenMillis) {
        var usage = response.tokenUsage();
        Integer cached = usage instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null
                ? openAi.inputTokensDetails().cachedTokens() : null;
        return new Reply(response.aiMessage() == null ? "" : response.aiMessage().text(), response.modelName(),
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), cached,
                response.finishReason() == null ? null : response.finishReason().name(), List.copyOf(notHonoured), firstTokenMillis);
    }

    private static String baseUrl(ModelSettings settings) {
        return settings.endpoint() == null ? OPENAI_URL : settings.endpoint();
    }

    private String key() {
        return apiKey == null ? "not-needed" : apiKey;
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
