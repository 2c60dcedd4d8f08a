package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.OpenAiChatProvider;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Providers;
import io.promptstudio.runtime.provider.Retry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI's chat completions (and every OpenAI-compatible server): the conformance tests, and OpenAI's own field names. */
class OpenAiChatProviderTest extends OpenAiShapedConformanceTest {

    OpenAiChatProviderTest() throws Exception {
        super();
    }

    @Override
    ChatProvider provider(String key, Retry retry) {
        return new OpenAiChatProvider(key, OpenAiChatProvider.Dialect.OPENAI, retry);
    }

    @Override
    String providerName() {
        return "openai-compatible";
    }

    @Test
    void theProfileGoesOutUnderOpenAisNamesWithTheSchemaAsResponseFormat() throws Exception {
        server.answer("gpt-4o-mini-2024-07-18", "{\"a\": 1}", 21, 5);
        ModelSettings settings = new ModelSettings("deterministic", "openai-compatible", "gpt-4o-mini", server.endpoint(), BigDecimal.ZERO,
                BigDecimal.ONE, 7L, 100, List.of("\n\n"), Duration.ofSeconds(5), 0);
        new OpenAiChatProvider("sk-test").chat(call(settings));
        var sent = server.received().get(0);
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals(List.of("Bearer sk-test"), sent.headers().get("Authorization"));
        var json = sent.json();
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
    void aStreamedAnswerArrivesInPiecesWithItsFirstTokenTimeAndUsage() throws Exception {
        server.answer("gpt-4o-mini", "{\"a\": 12345}", 50, 9);
        List<String> pieces = new ArrayList<>();
        var reply = new OpenAiChatProvider("k").chatStreaming(call(settings(server.endpoint())), pieces::add);
        assertEquals("{\"a\": 12345}", reply.text());
        assertEquals(List.of("{\"a\"", ": 12", "345}"), pieces);
        assertEquals(50, reply.inputTokens());
        assertEquals(9, reply.outputTokens());
        assertEquals(true, reply.firstTokenMillis() != null && reply.firstTokenMillis() >= 0, String.valueOf(reply.firstTokenMillis()));
        var sent = server.received().get(0).json();
        assertEquals(true, sent.get("stream").asBoolean());
        assertEquals("json_schema", sent.get("response_format").get("type").asText());
    }

    @Test
    void anAnswerThatTakesLongerThanTheTimeoutIsATimeout() throws Exception {
        server.slowly(Duration.ofSeconds(3), 200, "{}");
        ModelSettings quick = new ModelSettings("p", "openai-compatible", "m", server.endpoint(), null, null, null, null, List.of(),
                Duration.ofMillis(500), 0);
        var failure = assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k").chat(call(quick)));
        assertEquals("timeout", failure.kind(), failure.getMessage());
    }

    @Test
    void interruptingTheCallingThreadCancelsTheCall() throws Exception {
        server.slowly(Duration.ofSeconds(5), 200, "{}");
        ModelSettings patient = new ModelSettings("p", "openai-compatible", "m", server.endpoint(), null, null, null, null, List.of(),
                Duration.ofSeconds(30), 0);
        var failure = new java.util.concurrent.atomic.AtomicReference<ProviderException>();
        long start = System.nanoTime();
        Thread caller = new Thread(() -> {
            try {
                new OpenAiChatProvider("k").chat(call(patient));
            } catch (ProviderException e) {
                failure.set(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        caller.start();
        Thread.sleep(300);
        caller.interrupt();
        caller.join(10_000);
        assertEquals("cancelled", failure.get().kind(), String.valueOf(failure.get()));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 4_000, "the call stopped before the slow answer came");
    }

    @Test
    void aStreamCutMidwayIsAFailureNotAPartialAnswer() throws Exception {
        server.cutStream("gpt-4o-mini", "{\"a\": 12");
        ModelSettings quick = new ModelSettings("p", "openai-compatible", "m", server.endpoint(), null, null, null, null, List.of(),
                Duration.ofSeconds(2), 0);
        List<String> pieces = new ArrayList<>();
        var failure = assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k").chatStreaming(call(quick), pieces::add));
        assertEquals("cut-off", failure.kind(), failure.getMessage());
        assertEquals(List.of("{\"a\"", ": 12"), pieces);
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
        ModelSettings unknown = new ModelSettings("m", "cohere", "command-r", null, null, null, null, null, List.of(),
                Duration.ofSeconds(5), 0);
        assertEquals("unsupported", assertThrows(ProviderException.class, () -> Providers.forSettings(unknown, variable -> "k")).kind());
    }
}
