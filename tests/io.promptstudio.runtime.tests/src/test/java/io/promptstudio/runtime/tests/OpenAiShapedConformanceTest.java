package io.promptstudio.runtime.tests;


import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The conformance test for providers that answer in OpenAI's wire format. */
abstract class OpenAiShapedConformanceTest extends ProviderConformanceTest {
    OpenAiShapedConformanceTest() throws Exception {
        super();
    }

    @Override
    String endpoint() {
        return server.endpoint();
    }

    @Override
    void answer(String model, String text, int inputTokens, int outputTokens) throws Exception {
        server.answer(model, text, inputTokens, outputTokens);
    }

    @Override
    void error(int status, String message, Map<String, String> headers) {
        server.reply(status, "{\"error\": {\"message\": \"" + message + "\"}}", headers);
    }

    @Override
    List<String> sentMessages(JsonNode body) {
        List<String> lines = new ArrayList<>();
        body.get("messages").forEach(message -> lines.add(message.get("role").asText() + ": " + message.get("content").asText()));
        return lines;
    }
}
