package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Retry;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every provider adapter must do, against a local server speaking that provider's protocol: send the
 * messages and the profile's settings, read the answer and the provider's usage figures, classify failures
 * (bad key, rate limit, server error, malformed body, nobody listening), and send the same bytes for the same
 * call. Each provider's test extends this and adds what is particular to its wire format.
 */
abstract class ProviderConformanceTest {

    protected final FakeProviderServer server;

    ProviderConformanceTest() throws Exception {
        server = new FakeProviderServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The waits the adapter asked for between retries (none are really waited). */
    protected final List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();

    protected final Retry retry = new Retry(waits::add);

    /** The adapter under test, with this key and the recording retry. */
    abstract ChatProvider provider(String key, Retry retry);

    ChatProvider provider(String key) {
        return provider(key, retry);
    }

    /** The provider's name in profiles. */
    abstract String providerName();

    /** Where the adapter should send its requests, on the fake server. */
    abstract String endpoint();

    /** Queues a successful answer in the provider's format. */
    abstract void answer(String model, String text, int inputTokens, int outputTokens) throws Exception;

    /** Queues an error in the provider's format. */
    abstract void error(int status, String message, Map<String, String> headers);

    /** The messages as the provider's request body carries them, as {@code role: content} lines. */
    abstract List<String> sentMessages(JsonNode body);

    /** The model a request asks for (in its body, or in its path for Gemini). */
    String sentModel(FakeProviderServer.Received request) throws Exception {
        return request.json().get("model").asText();
    }

    ModelSettings settings(String endpoint) {
        return new ModelSettings("conformance", providerName(), "test-model", endpoint, new BigDecimal("0.2"), new BigDecimal("0.9"), null, 64,
                List.of("END"), Duration.ofSeconds(5), 0);
    }

    ChatProvider.Call call(ModelSettings settings) throws Exception {
        return new ChatProvider.Call(List.of(new ChatProvider.Message("system", "Answer in JSON."), new ChatProvider.Message("user", "Hi"),
                new ChatProvider.Message("assistant", "{\"a\": 0}"), new ChatProvider.Message("user", "Again")), settings,
                new ObjectMapper().readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\"}}, \"required\": [\"a\"]}"));
    }

    @Test
    void anAnswerComesBackWithTheProvidersUsageFigures() throws Exception {
        answer("test-model-001", "{\"a\": 1}", 31, 7);
        var reply = provider("key").chat(call(settings(endpoint())));
        assertEquals("{\"a\": 1}", reply.text());
        assertEquals("test-model-001", reply.model());
        assertEquals(31, reply.inputTokens());
        assertEquals(7, reply.outputTokens());
        JsonNode sent = server.received().get(0).json();
        assertEquals("test-model", sentModel(server.received().get(0)));
        assertEquals(List.of("system: Answer in JSON.", "user: Hi", "assistant: {\"a\": 0}", "user: Again"), sentMessages(sent));
    }

    @Test
    void theSameCallSendsTheSameBytes() throws Exception {
        answer("m", "{\"a\": 1}", 1, 1);
        answer("m", "{\"a\": 1}", 1, 1);
        provider("key").chat(call(settings(endpoint())));
        provider("key").chat(call(settings(endpoint())));
        assertEquals(server.received().get(0).body(), server.received().get(1).body());
    }

    @Test
    void aRejectedKeyIsAnAuthenticationFailureWithTheProvidersWords() throws Exception {
        error(401, "invalid x-api-key or Incorrect API key provided", Map.of());
        var failure = assertThrows(ProviderException.class, () -> provider("bad").chat(call(settings(endpoint()))));
        assertEquals("authentication", failure.kind());
        assertTrue(failure.getMessage().contains("API key"), failure.getMessage());
    }

    @Test
    void rateLimitsAndServerErrorsAreToldApart() throws Exception {
        error(429, "rate limited", Map.of("Retry-After", "1"));
        assertEquals("rate-limit", assertThrows(ProviderException.class, () -> provider("k").chat(call(settings(endpoint())))).kind());
        error(500, "internal error", Map.of());
        assertEquals("server", assertThrows(ProviderException.class, () -> provider("k").chat(call(settings(endpoint())))).kind());
    }

    @Test
    void aRateLimitIsRetriedAfterTheWaitTheProviderAsksFor() throws Exception {
        error(429, "slow down", Map.of("Retry-After", "2"));
        answer("m", "{\"a\": 1}", 3, 1);
        ModelSettings once = new ModelSettings("conformance", providerName(), "test-model", endpoint(), null, null, null, 64, List.of(),
                Duration.ofSeconds(5), 1);
        assertEquals("{\"a\": 1}", provider("k").chat(call(once)).text());
        assertEquals(List.of(Duration.ofSeconds(2)), waits);
        assertEquals(2, server.received().size());
    }

    @Test
    void serverErrorsBackOffAndStopAfterTheProfilesRetries() throws Exception {
        error(503, "overloaded", Map.of());
        error(500, "boom", Map.of());
        error(502, "bad gateway", Map.of());
        ModelSettings twice = new ModelSettings("conformance", providerName(), "test-model", endpoint(), null, null, null, 64, List.of(),
                Duration.ofSeconds(5), 2);
        assertEquals("server", assertThrows(ProviderException.class, () -> provider("k").chat(call(twice))).kind());
        assertEquals(3, server.received().size());
        assertEquals(2, waits.size());
        assertTrue(waits.get(0).toMillis() >= 500 && waits.get(1).toMillis() >= 1000 && waits.get(1).compareTo(waits.get(0)) > 0, waits.toString());
    }

    @Test
    void aRejectedRequestIsNotRetried() throws Exception {
        error(400, "bad request", Map.of());
        ModelSettings retrying = new ModelSettings("conformance", providerName(), "test-model", endpoint(), null, null, null, 64, List.of(),
                Duration.ofSeconds(5), 3);
        assertThrows(ProviderException.class, () -> provider("k").chat(call(retrying)));
        assertEquals(1, server.received().size());
        assertEquals(List.of(), waits);
    }

    @Test
    void aStreamedAnswerArrivesInPiecesWithTheSameText() throws Exception {
        answer("test-model-001", "{\"a\": 123456789}", 31, 7);
        List<String> pieces = new java.util.ArrayList<>();
        var reply = provider("key").chatStreaming(call(settings(endpoint())), pieces::add);
        assertEquals("{\"a\": 123456789}", reply.text());
        assertEquals(reply.text(), String.join("", pieces));
        assertTrue(pieces.size() > 1, "in pieces: " + pieces);
        assertEquals(31, reply.inputTokens());
        assertEquals(7, reply.outputTokens());
        assertTrue(reply.firstTokenMillis() != null, "time to the first piece");
    }

    @Test
    void aStreamedCallRefusedBeforeItsFirstPieceIsRetried() throws Exception {
        error(503, "overloaded", Map.of());
        answer("m", "{\"a\": 1}", 3, 1);
        ModelSettings once = new ModelSettings("conformance", providerName(), "test-model", endpoint(), null, null, null, 64, List.of(),
                Duration.ofSeconds(5), 1);
        assertEquals("{\"a\": 1}", provider("k").chatStreaming(call(once), piece -> { }).text());
        assertEquals(1, waits.size());
        assertEquals(2, server.received().size());
    }

    @Test
    void aMalformedBodyIsAFailureNotACrash() throws Exception {
        server.reply(200, "{\"id\": \"x\", \"content\": [", Map.of());
        assertEquals("failed", assertThrows(ProviderException.class, () -> provider("k").chat(call(settings(endpoint())))).kind());
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        String endpoint = endpoint();
        server.close();
        assertEquals("unreachable", assertThrows(ProviderException.class, () -> provider("k").chat(call(settings(endpoint)))).kind());
    }
}
