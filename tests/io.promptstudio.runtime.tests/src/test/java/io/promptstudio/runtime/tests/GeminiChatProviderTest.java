package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.GeminiChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.Retry;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gemini's generateContent: the conformance tests, and Gemini's own field names. */
class GeminiChatProviderTest extends ProviderConformanceTest {

    GeminiChatProviderTest() throws Exception {
        super();
    }

    @Override
    ChatProvider provider(String key, Retry retry) {
        return new GeminiChatProvider(key, retry);
    }

    @Override
    String providerName() {
        return "gemini";
    }

    @Override
    String endpoint() {
        return server.endpoint();
    }

    @Override
    void answer(String model, String text, int inputTokens, int outputTokens) throws Exception {
        server.answerGemini(model, text, inputTokens, outputTokens);
    }

    @Override
    void error(int status, String message, Map<String, String> headers) {
        String state = status == 401 ? "UNAUTHENTICATED" : status == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL";
        server.reply(status, "{\"error\": {\"code\": " + status + ", \"message\": \"" + message + "\", \"status\": \"" + state + "\"}}", headers);
    }

    @Override
    List<String> sentMessages(JsonNode body) {
        List<String> lines = new ArrayList<>();
        body.path("systemInstruction").path("parts").forEach(part -> lines.add("system: " + part.get("text").asText()));
        body.get("contents").forEach(content -> lines.add((content.get("role").asText().equals("model") ? "assistant" : content.get("role").asText())
                + ": " + content.get("parts").get(0).get("text").asText()));
        return lines;
    }

    @Override
    String sentModel(FakeProviderServer.Received request) {
        assertTrue(request.path().endsWith(":generateContent"), request.path());
        return request.path().replaceAll(".*/models/([^:]+):generateContent$", "$1");
    }

    @Test
    void aStreamedAnswerArrivesInPiecesWithItsUsage() throws Exception {
        server.answerGemini("gemini-2.0-flash", "{\"a\": 12345}", 30, 6);
        List<String> pieces = new ArrayList<>();
        var reply = new GeminiChatProvider("gk", retry).chatStreaming(call(settings(server.endpoint())), pieces::add);
        assertEquals("{\"a\": 12345}", reply.text());
        assertEquals(List.of("{\"a\"", ": 12", "345}"), pieces);
        assertEquals(30, reply.inputTokens());
        assertEquals(6, reply.outputTokens());
        assertTrue(server.received().get(0).path().endsWith("/models/test-model:streamGenerateContent"), server.received().get(0).path());
    }

    @Test
    void theProfileGoesOutUnderGeminisNames() throws Exception {
        server.answerGemini("gemini-2.0-flash", "{\"a\": 3}", 12, 3);
        ModelSettings settings = new ModelSettings("g", "gemini", "gemini-2.0-flash", server.endpoint(), BigDecimal.ZERO, new BigDecimal("0.5"),
                11L, 200, List.of("END"), Duration.ofSeconds(5), 0);
        new GeminiChatProvider("gk").chat(call(settings));
        JsonNode config = server.received().get(0).json().get("generationConfig");
        assertEquals(0.0, config.get("temperature").asDouble());
        assertEquals(0.5, config.get("topP").asDouble());
        assertEquals(11, config.get("seed").asInt());
        assertEquals(200, config.get("maxOutputTokens").asInt());
        assertEquals("[\"END\"]", config.get("stopSequences").toString());
        assertEquals("application/json", config.get("responseMimeType").asText());
    }
}
