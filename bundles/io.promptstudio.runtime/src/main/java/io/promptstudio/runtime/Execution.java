package io.promptstudio.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.output.OutputParseException;
import io.promptstudio.runtime.output.SchemaAlignedParser;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.ProviderException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a rendered prompt: the call to the provider, the answer read as the output type, the cost from the
 * price table and the time taken — returned as a {@link RunRecord} whether it succeeded or failed, so that the
 * history holds both. A run is cancelled by interrupting the thread that runs it (what cancelling an Eclipse
 * Job does): the call stops, and the record says {@code cancelled}.
 */
public final class Execution {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final PriceTable prices;

    public Execution(PriceTable prices) {
        this.prices = prices;
    }

    /**
     * Runs the prompt, streaming where the provider can: {@code onText} sees the answer as it arrives.
     *
     * @param promptSource the text of the prompt's file: its hash identifies the prompt's version in the history
     */
    public RunRecord run(RenderedPrompt prompt, String promptSource, ModelSettings settings, ChatProvider provider, Consumer<String> onText) {
        long start = System.nanoTime();
        boolean text = isText(prompt.outputSchema());
        List<ChatProvider.Message> messages = prompt.messages().stream().map(m -> new ChatProvider.Message(m.role(), m.content())).toList();
        ChatProvider.Call call = new ChatProvider.Call(messages, settings, text ? null : prompt.outputSchema());
        RunRecord.Builder run = asked(prompt, promptSource, settings).requestJson(requestJson(call));
        try {
            ChatProvider.Reply reply = provider.chatStreaming(call, onText);
            run.totalMillis((System.nanoTime() - start) / 1_000_000).returnedModel(reply.model()).responseText(reply.text())
                    .inputTokens(reply.inputTokens()).outputTokens(reply.outputTokens()).cachedTokens(reply.cachedTokens())
                    .firstTokenMillis(reply.firstTokenMillis()).status(RunRecord.SUCCEEDED)
                    .cost(prices.cost(reply.model() == null ? settings.model() : reply.model(), reply.inputTokens(), reply.outputTokens(),
                            reply.cachedTokens()).or(() -> prices.cost(settings.model(), reply.inputTokens(), reply.outputTokens(),
                                    reply.cachedTokens())).orElse(null));
            if (!reply.notHonoured().isEmpty()) {
                run.errorMessage("not honoured: " + String.join("; ", reply.notHonoured()));
            }
            if (text) {
                return run.outputJson(json(reply.text())).build();
            }
            try {
                SchemaAlignedParser.Result parsed = SchemaAlignedParser.parse(reply.text(), prompt.outputSchema());
                return run.outputJson(parsed.value().toString()).repairsJson(json(parsed.repairs())).build();
            } catch (OutputParseException e) {
                return run.failed("unparsable-output", "the answer is not a value of the output type: " + String.join("; ", e.problems()))
                        .build();
            }
        } catch (ProviderException e) {
            String message = "unreachable".equals(e.kind())
                    ? "cannot reach " + (settings.endpoint() != null ? settings.endpoint() : "the " + settings.provider() + " API") + ": " + e.getMessage()
                    : e.getMessage();
            return run.totalMillis((System.nanoTime() - start) / 1_000_000).failed(e.kind(), message).build();
        }
    }

    /**
     * A failed run that never reached a provider (a missing key, an unknown provider): recorded like any run, so
     * that the history shows why nothing was sent.
     */
    public static RunRecord notSent(RenderedPrompt prompt, String promptSource, ModelSettings settings, ProviderException cause) {
        return asked(prompt, promptSource, settings).totalMillis(0L).failed(cause.kind(), cause.getMessage()).build();
    }

    /** What every record of this prompt, version, profile and arguments starts from. */
    public static RunRecord.Builder asked(RenderedPrompt prompt, String promptSource, ModelSettings settings) {
        return RunRecord.builder().prompt(prompt.prompt()).promptHash(sha256(promptSource)).profile(settings.profile())
                .argumentsJson(json(prompt.arguments())).provider(settings.provider()).requestedModel(settings.model());
    }

    /** The request as our own stable JSON (sorted keys): equal prompt version, profile and inputs give equal bytes. */
    static String requestJson(ChatProvider.Call call) {
        Map<String, Object> request = new LinkedHashMap<>();
        ModelSettings settings = call.settings();
        request.put("provider", settings.provider());
        request.put("model", settings.model());
        request.put("endpoint", settings.endpoint());
        request.put("temperature", settings.temperature());
        request.put("top_p", settings.topP());
        request.put("seed", settings.seed());
        request.put("max_tokens", settings.maxTokens());
        request.put("stop", settings.stop());
        request.put("messages", call.messages());
        request.put("output_schema", call.outputSchema());
        return json(request);
    }

    private static boolean isText(JsonNode schema) {
        return "string".equals(schema.path("type").asText()) && !schema.has("enum") && !schema.has("$ref");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex SHA-256 of a prompt file's text: the prompt's version in the history and in the cache. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
