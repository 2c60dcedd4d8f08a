package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.OpenAiChatProvider;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Providers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter against a local server speaking OpenAI's protocol: what goes out on the wire, and how answers are read. */
class OpenAiChatProviderTest {

    private final FakeOpenAiServer server;

    OpenAiChatProviderTest() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelSettings settings() {
        return new ModelSettings("deterministic", "openai-compatible", "gpt-4o-mini", server.endpoint(), BigDecimal.ZERO, BigDecimal.ONE, 7L,
                100, List.of("\n\n"), Duration.ofSeconds(5), 0);
    }

    private static ChatProvider.Call call(ModelSettings settings) throws Exception {
        return new ChatProvider.Call(List.of(new ChatProvider.Message("system", "Be brief."), new ChatProvider.Message("user", "Hi")), settings,
                new ObjectMapper().readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\"}}, \"required\": [\"a\"]}"));
    }

    @Test
    void theProfileGoesOutUnderOpenAisNamesWithTheSchemaAsResponseFormat() throws Exception {
        server.answer("gpt-4o-mini-2024-07-18", "{\"a\": 1}", 21, 5);
        var reply = new OpenAiChatProvider("sk-test").chat(call(settings()));
        assertEquals("{\"a\": 1}", reply.text());
        assertEquals("gpt-4o-mini-2024-07-18", reply.model());
        assertEquals(21, reply.inputTokens());
        assertEquals(5, reply.outputTokens());
        var sent = server.received().get(0);
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals(List.of("Bearer sk-test"), sent.headers().get("Authorization"));
        var json = sent.json();
        assertEquals("gpt-4o-mini", json.get("model").asText());
        assertEquals("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]", json.get("messages").toString());
        assertEquals(0.0, json.get("temperature").asDouble());
        assertEquals(1.0, json.get("top_p").asDouble());
        assertEquals(7, json.get("seed").asInt());
        assertEquals(100, json.get("max_tokens").asInt());
        assertEquals("[\"\\n\\n\"]", json.get("stop").toString());
        assertEquals("json_schema", json.get("response_format").get("type").asText());
        assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"]}",
                json.get("response_format").get("json_schema").get("schema").toString());
    }

    @Test
    void theSameCallSendsTheSameBytes() throws Exception {
        server.answer("gpt-4o-mini", "{\"a\": 1}", 1, 1).answer("gpt-4o-mini", "{\"a\": 1}", 1, 1);
        new OpenAiChatProvider("k").chat(call(settings()));
        new OpenAiChatProvider("k").chat(call(settings()));
        assertEquals(server.received().get(0).body(), server.received().get(1).body());
    }

    @Test
    void providerErrorsBecomeClassifiedFailures() throws Exception {
        server.reply(401, "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\"}}", Map.of());
        var unauthorized = assertThrows(ProviderException.class, () -> new OpenAiChatProvider("bad").chat(call(settings())));
        assertEquals("authentication", unauthorized.kind());
        assertTrue(unauthorized.getMessage().contains("Incorrect API key provided"), unauthorized.getMessage());

        server.reply(429, "{\"error\": {\"message\": \"Rate limit reached\"}}", Map.of("Retry-After", "1"));
        assertEquals("rate-limit", assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k").chat(call(settings()))).kind());

        server.reply(500, "{\"error\": {\"message\": \"boom\"}}", Map.of());
        assertEquals("server", assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k").chat(call(settings()))).kind());

        server.reply(200, "{\"choices\": [", Map.of());
        assertEquals("failed", assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k").chat(call(settings()))).kind());
    }

    @Test
    void anUnreachableEndpointIsSaidSo() throws Exception {
        String endpoint = server.endpoint();
        server.close();
        ModelSettings settings = new ModelSettings("p", "openai-compatible", "m", endpoint, null, null, null, null, List.of(),
                Duration.ofSeconds(2), 0);
        assertEquals("unreachable", assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k").chat(call(settings))).kind());
    }

    @Test
    void aMissingKeyIsAnErrorBeforeAnyRequest() {
        ModelSettings remote = new ModelSettings("deterministic", "openai", "gpt-4o-mini", null, null, null, null, null, List.of(),
                Duration.ofSeconds(5), 0);
        var error = assertThrows(ProviderException.class, () -> Providers.forSettings(remote, variable -> null));
        assertEquals("missing-key", error.kind());
        assertEquals("no API key for provider openai (profile deterministic): set OPENAI_API_KEY, or store the key in the workbench's preferences",
                error.getMessage());
        assertEquals(List.of(), server.received());
        ModelSettings anthropic = new ModelSettings("claude", "anthropic", "claude-sonnet-4-0", null, null, null, null, null, List.of(),
                Duration.ofSeconds(5), 0);
        assertEquals("unsupported", assertThrows(ProviderException.class, () -> Providers.forSettings(anthropic, variable -> "k")).kind());
    }
}
