package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.runtime.provider.AnthropicChatProvider;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Providers;
import io.promptstudio.runtime.provider.Retry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anthropic's messages API: the conformance tests, its own field names, and the seed it cannot honour. */
class AnthropicChatProviderTest extends ProviderConformanceTest {

    AnthropicChatProviderTest() throws Exception {
        super();
    }

    @Override
    ChatProvider provider(String key, Retry retry) {
        return new AnthropicChatProvider(key, retry);
    }

    @Override
    String providerName() {
        return "anthropic";
    }

    @Override
    String endpoint() {
        return server.anthropicEndpoint();
    }

    @Override
    void answer(String model, String text, int inputTokens, int outputTokens) throws Exception {
        server.answerAnthropic(model, text, inputTokens, outputTokens);
    }

    @Override
    void error(int status, String message, Map<String, String> headers) {
        String type = status == 401 ? "authentication_error" : status == 429 ? "rate_limit_error" : "api_error";
        server.reply(status, "{\"type\": \"error\", \"error\": {\"type\": \"" + type + "\", \"message\": \"" + message + "\"}}", headers);
    }

    @Override
    List<String> sentMessages(JsonNode body) {
        List<String> lines = new ArrayList<>();
        body.get("system").forEach(part -> lines.add("system: " + part.get("text").asText()));
        body.get("messages").forEach(message -> lines.add(message.get("role").asText() + ": " + message.get("content").get(0).get("text").asText()));
        return lines;
    }

    @Test
    void theProfileGoesOutUnderAnthropicsNamesAndTheSeedIsReportedAsNotHonoured() throws Exception {
        server.answerAnthropic("claude-sonnet-4-0", "{\"a\": 2}", 40, 6);
        ModelSettings settings = new ModelSettings("claude", "anthropic", "claude-sonnet-4-0", server.anthropicEndpoint(), BigDecimal.ZERO,
                new BigDecimal("0.5"), 7L, null, List.of("STOP"), Duration.ofSeconds(5), 0);
        var reply = new AnthropicChatProvider("sk-ant").chat(call(settings));
        var sent = server.received().get(0);
        assertEquals("/v1/messages", sent.path());
        assertEquals(List.of("sk-ant"), sent.headers().get("X-api-key"));
        var json = sent.json();
        assertEquals(1024, json.get("max_tokens").asInt());
        assertEquals(0.0, json.get("temperature").asDouble());
        assertEquals(0.5, json.get("top_p").asDouble());
        assertEquals("[\"STOP\"]", json.get("stop_sequences").toString());
        assertEquals(false, json.has("seed"));
        assertEquals(List.of("seed: Anthropic's API has no seed, so runs are not reproducible by seed"), reply.notHonoured());
    }

    @Test
    void aStreamedAnswerArrivesInPiecesWithItsUsage() throws Exception {
        server.answerAnthropic("claude-sonnet-4-0", "{\"a\": 12345}", 40, 8);
        List<String> pieces = new ArrayList<>();
        var reply = new AnthropicChatProvider("k", retry).chatStreaming(call(settings(server.anthropicEndpoint())), pieces::add);
        assertEquals("{\"a\": 12345}", reply.text());
        assertEquals(List.of("{\"a\"", ": 12", "345}"), pieces);
        assertEquals(40, reply.inputTokens());
        assertEquals(8, reply.outputTokens());
        assertEquals(true, reply.firstTokenMillis() != null);
        assertEquals(true, server.received().get(0).json().get("stream").asBoolean());
    }

    @Test
    void aMissingKeyIsAnErrorBeforeAnyRequest() {
        ModelSettings settings = new ModelSettings("claude", "anthropic", "claude-sonnet-4-0", null, null, null, null, null, List.of(),
                Duration.ofSeconds(5), 0);
        var error = assertThrows(ProviderException.class, () -> Providers.forSettings(settings, variable -> null));
        assertEquals("missing-key", error.kind());
        assertEquals(List.of(), server.received());
    }
}
