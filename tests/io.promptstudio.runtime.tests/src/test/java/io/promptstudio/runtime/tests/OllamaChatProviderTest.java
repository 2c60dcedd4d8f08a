package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.OllamaChatProvider;
import io.promptstudio.runtime.provider.Retry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ollama's own /api/chat: the conformance tests, and Ollama's options. */
class OllamaChatProviderTest extends ProviderConformanceTest {

    OllamaChatProviderTest() throws Exception {
        super();
    }

    @Override
    ChatProvider provider(String key, Retry retry) {
        return new OllamaChatProvider(retry);
    }

    @Override
    String providerName() {
        return "ollama";
    }

    @Override
    String endpoint() {
        return server.ollamaEndpoint();
    }

    @Override
    void answer(String model, String text, int inputTokens, int outputTokens) throws Exception {
        server.answerOllama(model, text, inputTokens, outputTokens);
    }

    @Override
    void error(int status, String message, Map<String, String> headers) {
        server.reply(status, "{\"error\": \"" + message + "\"}", headers);
    }

    @Override
    List<String> sentMessages(JsonNode body) {
        List<String> lines = new ArrayList<>();
        body.get("messages").forEach(message -> lines.add(message.get("role").asText() + ": " + message.get("content").asText()));
        return lines;
    }

    @Test
    void theProfileGoesOutAsOllamasOptions() throws Exception {
        server.answerOllama("llama3.1:8b", "{\"a\": 4}", 20, 4);
        ModelSettings settings = new ModelSettings("local", "ollama", "llama3.1:8b", server.ollamaEndpoint(), new BigDecimal("0.2"), null, 7L,
                128, List.of("END"), Duration.ofSeconds(5), 0);
        new OllamaChatProvider(retry).chat(call(settings));
        var sent = server.received().get(0);
        assertEquals("/api/chat", sent.path());
        JsonNode json = sent.json();
        assertEquals(false, json.get("stream").asBoolean());
        assertEquals("json", json.get("format").asText());
        JsonNode options = json.get("options");
        assertEquals(0.2, options.get("temperature").asDouble());
        assertEquals(7, options.get("seed").asInt());
        assertEquals(128, options.get("num_predict").asInt());
        assertEquals("[\"END\"]", options.get("stop").toString());
    }
}
