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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
     * Runs the prompt.
     *
     * @param promptSource the text of the prompt's file: its hash identifies the prompt's version in the history
     */
    public RunRecord run(RenderedPrompt prompt, String promptSource, ModelSettings settings, ChatProvider provider) {
        return run(prompt, promptSource, settings, provider, text -> { });
    }

    /** Runs the prompt, streaming where the provider can: {@code onText} sees the answer as it arrives. */
    public RunRecord run(RenderedPrompt prompt, String promptSource, ModelSettings settings, ChatProvider provider,
            java.util.function.Consumer<String> onText) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        boolean text = isText(prompt.outputSchema());
        List<ChatProvider.Message> messages = prompt.messages().stream().map(m -> new ChatProvider.Message(m.role(), m.content())).toList();
        ChatProvider.Call call = new ChatProvider.Call(messages, settings, text ? null : prompt.outputSchema());
        String request = requestJson(call);
        String id = UUID.randomUUID().toString();
        String hash = sha256(promptSource);
        try {
            ChatProvider.Reply reply = provider.chatStreaming(call, onText);
            long total = (System.nanoTime() - start) / 1_000_000;
            BigDecimal cost = prices.cost(reply.model() == null ? settings.model() : reply.model(), reply.inputTokens(), reply.outputTokens(),
                    reply.cachedTokens()).or(() -> prices.cost(settings.model(), reply.inputTokens(), reply.outputTokens(), reply.cachedTokens()))
                    .orElse(null);
            String output;
            String repairs;
            String status = RunRecord.SUCCEEDED;
            String errorKind = null;
            String errorMessage = null;
            if (text) {
                output = json(reply.text());
                repairs = "[]";
            } else {
                try {
                    SchemaAlignedParser.Result parsed = SchemaAlignedParser.parse(reply.text(), prompt.outputSchema());
                    output = parsed.value().toString();
                    repairs = json(parsed.repairs());
                } catch (OutputParseException e) {
                    output = null;
                    repairs = "[]";
                    status = RunRecord.FAILED;
                    errorKind = "unparsable-output";
                    errorMessage = "the answer is not a value of the output type: " + String.join("; ", e.problems());
                }
            }
            return new RunRecord(id, started, prompt.prompt(), hash, settings.profile(), json(prompt.arguments()), settings.provider(),
                    settings.model(), reply.model(), request, reply.text(), output, repairs, reply.inputTokens(), reply.outputTokens(),
                    reply.cachedTokens(), cost, reply.firstTokenMillis(), total, "not-cached", status, errorKind,
                    errorMessage != null ? errorMessage : reply.notHonoured().isEmpty() ? null : "not honoured: " + String.join("; ", reply.notHonoured()));
        } catch (ProviderException e) {
            long total = (System.nanoTime() - start) / 1_000_000;
            return new RunRecord(id, started, prompt.prompt(), hash, settings.profile(), json(prompt.arguments()), settings.provider(),
                    settings.model(), null, request, null, null, "[]", null, null, null, null, null, total, "not-cached", RunRecord.FAILED,
                    e.kind(), e.getMessage());
        }
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

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
