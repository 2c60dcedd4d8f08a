package io.promptstudio.tests.support.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A local HTTP server on a loopback port that answers like a model provider (OpenAI's chat completions,
 * Anthropic's messages): it keeps every request it gets (path, headers, exact body) and answers with the replies
 * queued for it, in order. The wire is real; only the model is not.
 */
public final class FakeProviderServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as it arrived. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body, String query) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** A reply to send: a status, a body and extra headers; {@code events} is the same answer as server-sent events, if it has one. */
    public record Reply(int status, String body, Map<String, String> headers, String events) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Reply> replies = new ArrayDeque<>();
    private String responderModel;
    private Function<JsonNode, String> responder;

    public FakeProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to give a profile's {@code endpoint}: {@code http://127.0.0.1:PORT/v1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues a successful OpenAI chat completion with this content and usage. */
    public FakeProviderServer answer(String model, String content, int promptTokens, int completionTokens) throws IOException {
        Reply reply = completion(model, content, promptTokens, completionTokens);
        synchronized (this) {
            replies.add(reply);
        }
        return this;
    }

    /**
     * Answers every chat completion that finds no queued reply with the content {@code responder} makes from the
     * request's JSON: the same answer for the same request, in whatever order concurrent requests arrive.
     */
    public synchronized FakeProviderServer answering(String model, Function<JsonNode, String> responder) {
        this.responderModel = model;
        this.responder = responder;
        return this;
    }

    private static Reply completion(String model, String content, int promptTokens, int completionTokens) throws IOException {
        var body = JSON.createObjectNode();
        body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L).put("model", model);
        var choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        StringBuilder events = new StringBuilder();
        // the content in pieces of a few characters, then the finish reason, then the usage, as OpenAI streams them
        for (int at = 0; at < content.length(); at += 4) {
            events.append("data: ").append(chunk(model, JSON.createObjectNode().put("content", content.substring(at, Math.min(content.length(), at + 4))),
                    null)).append("\n\n");
        }
        events.append("data: ").append(chunk(model, JSON.createObjectNode(), "stop")).append("\n\n");
        var usage = JSON.createObjectNode();
        usage.put("id", "chatcmpl-test").put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", model);
        usage.putArray("choices");
        usage.set("usage", body.get("usage"));
        events.append("data: ").append(JSON.writeValueAsString(usage)).append("\n\ndata: [DONE]\n\n");
        return new Reply(200, JSON.writeValueAsString(body), Map.of(), events.toString());
    }

    private static String chunk(String model, com.fasterxml.jackson.databind.node.ObjectNode delta, String finish) throws IOException {
        var chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-test").put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", model);
        var choice = chunk.putArray("choices").addObject();
        choice.put("index", 0).set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return JSON.writeValueAsString(chunk);
    }

    /** Queues a successful Anthropic message with this text and usage. */
    public FakeProviderServer answerAnthropic(String model, String text, int inputTokens, int outputTokens) throws IOException {
        var body = JSON.createObjectNode();
        body.put("id", "msg_test").put("type", "message").put("role", "assistant").put("model", model).put("stop_reason", "end_turn");
        body.putArray("content").addObject().put("type", "text").put("text", text);
        body.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
        StringBuilder events = new StringBuilder();
        var start = JSON.createObjectNode().put("type", "message_start");
        var message = start.putObject("message");
        message.put("id", "msg_test").put("type", "message").put("role", "assistant").put("model", model).putNull("stop_reason");
        message.putArray("content");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        event(events, "message_start", start);
        var blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        event(events, "content_block_start", blockStart);
        for (int at = 0; at < text.length(); at += 4) {
            var delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", text.substring(at, Math.min(text.length(), at + 4)));
            event(events, "content_block_delta", delta);
        }
        event(events, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        var end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", outputTokens);
        event(events, "message_delta", end);
        event(events, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        synchronized (this) {
            replies.add(new Reply(200, JSON.writeValueAsString(body), Map.of(), events.toString()));
        }
        return this;
    }

    private static void event(StringBuilder events, String name, JsonNode data) throws IOException {
        events.append("event: ").append(name).append("\ndata: ").append(JSON.writeValueAsString(data)).append("\n\n");
    }

    /** Queues a successful Gemini generateContent answer with this text and usage. */
    public FakeProviderServer answerGemini(String model, String text, int inputTokens, int outputTokens) throws IOException {
        var body = JSON.createObjectNode();
        var candidate = body.putArray("candidates").addObject();
        var content = candidate.putObject("content");
        content.put("role", "model");
        content.putArray("parts").addObject().put("text", text);
        candidate.put("finishReason", "STOP");
        body.putObject("usageMetadata").put("promptTokenCount", inputTokens).put("candidatesTokenCount", outputTokens)
                .put("totalTokenCount", inputTokens + outputTokens);
        body.put("modelVersion", model);
        StringBuilder events = new StringBuilder();
        for (int at = 0; at < text.length(); at += 4) {
            var piece = JSON.createObjectNode();
            var part = piece.putArray("candidates").addObject();
            part.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text.substring(at, Math.min(text.length(), at + 4)));
            if (at + 4 >= text.length()) {
                part.put("finishReason", "STOP");
                piece.set("usageMetadata", body.get("usageMetadata"));
            }
            piece.put("modelVersion", model);
            events.append("data: ").append(JSON.writeValueAsString(piece)).append("\r\n\r\n");
        }
        synchronized (this) {
            replies.add(new Reply(200, JSON.writeValueAsString(body), Map.of(), events.toString()));
        }
        return this;
    }

    /** Queues a successful Ollama /api/chat answer with this content and usage. */
    public FakeProviderServer answerOllama(String model, String content, int promptTokens, int outputTokens) throws IOException {
        var body = JSON.createObjectNode();
        body.put("model", model).put("created_at", "2026-12-01T10:00:00Z");
        body.putObject("message").put("role", "assistant").put("content", content);
        body.put("done", true).put("done_reason", "stop").put("prompt_eval_count", promptTokens).put("eval_count", outputTokens);
        StringBuilder lines = new StringBuilder();
        for (int at = 0; at < content.length(); at += 4) {
            var piece = JSON.createObjectNode().put("model", model).put("created_at", "2026-12-01T10:00:00Z");
            piece.putObject("message").put("role", "assistant").put("content", content.substring(at, Math.min(content.length(), at + 4)));
            piece.put("done", false);
            lines.append(JSON.writeValueAsString(piece)).append("\n");
        }
        var last = body.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) last.get("message")).put("content", "");
        lines.append(JSON.writeValueAsString(last)).append("\n");
        synchronized (this) {
            replies.add(new Reply(200, JSON.writeValueAsString(body), Map.of("X-Test-Content-Type", "application/x-ndjson"), lines.toString()));
        }
        return this;
    }

    /** Where Ollama would be: {@code http://127.0.0.1:PORT}. */
    public String ollamaEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where Anthropic's API would be: {@code http://127.0.0.1:PORT/v1/}. */
    public String anthropicEndpoint() {
        return endpoint() + "/";
    }

    /** Queues a reply that comes only after a delay: for timeouts. */
    public synchronized FakeProviderServer slowly(Duration delay, int status, String body) {
        replies.add(new Reply(status, body, Map.of("X-Test-Delay-Ms", String.valueOf(delay.toMillis())), null));
        return this;
    }

    /** Queues a stream that stops after some pieces, without a finish reason, usage or [DONE]. */
    public synchronized FakeProviderServer cutStream(String model, String partialContent) throws IOException {
        StringBuilder events = new StringBuilder();
        for (int at = 0; at < partialContent.length(); at += 4) {
            events.append("data: ").append(chunk(model, JSON.createObjectNode().put("content",
                    partialContent.substring(at, Math.min(partialContent.length(), at + 4))), null)).append("\n\n");
        }
        replies.add(new Reply(200, "{}", Map.of(), events.toString()));
        return this;
    }

    /**
     * Answers every request to {@code …/embeddings} as OpenAI's embeddings endpoint does, with the vector that
     * {@code embedding} gives each input text (instead of a queued reply), counting tokens as words.
     */
    public synchronized FakeProviderServer embeddings(java.util.function.Function<String, float[]> embedding) {
        this.embedding = embedding;
        return this;
    }

    private java.util.function.Function<String, float[]> embedding;

    private Reply embeddingsReply(String body) throws IOException {
        var request = JSON.readTree(body);
        var answer = JSON.createObjectNode();
        answer.put("object", "list").put("model", request.path("model").asText());
        var data = answer.putArray("data");
        int tokens = 0;
        var inputs = request.path("input");
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i).asText();
            tokens += text.split("\\s+").length;
            var item = data.addObject();
            item.put("object", "embedding").put("index", i);
            var vector = item.putArray("embedding");
            for (float value : embedding.apply(text)) {
                vector.add(value);
            }
        }
        answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return new Reply(200, JSON.writeValueAsString(answer), Map.of(), null);
    }

    /** Queues any reply: an error status, a malformed body, a Retry-After header. */
    public synchronized FakeProviderServer reply(int status, String body, Map<String, String> headers) {
        replies.add(new Reply(status, body, headers, null));
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        boolean embeddings;
        Function<JsonNode, String> answering = null;
        String answeringModel = null;
        synchronized (this) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body, exchange.getRequestURI().getQuery()));
            embeddings = embedding != null && exchange.getRequestURI().getPath().endsWith("/embeddings");
            reply = embeddings ? null : !replies.isEmpty() ? replies.poll() : responder != null ? null
                    : new Reply(500, "{\"error\": {\"message\": \"no reply queued in the test\"}}", Map.of(), null);
            if (!embeddings && reply == null) {
                answering = responder;
                answeringModel = responderModel;
            }
        }
        if (embeddings) {
            reply = embeddingsReply(body);
        } else if (answering != null) {
            // outside the lock, as a real provider answers requests at the same time: a responder may take its time
            String content = answering.apply(JSON.readTree(body));
            reply = completion(answeringModel, content, 20 + body.length() / 40, Math.max(1, content.length() / 4));
        }
        String delay = reply.headers().get("X-Test-Delay-Ms");
        if (delay != null) {
            try {
                Thread.sleep(Long.parseLong(delay));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean streamed = reply.events() != null && (body.replace(" ", "").contains("\"stream\":true")
                || exchange.getRequestURI().getPath().endsWith(":streamGenerateContent"));
        byte[] bytes = (streamed ? reply.events() : reply.body()).getBytes(StandardCharsets.UTF_8);
        String streamType = reply.headers().getOrDefault("X-Test-Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Content-Type", streamed ? streamType : "application/json");
        reply.headers().forEach((name, value) -> {
            if (!name.startsWith("X-Test-")) {
                exchange.getResponseHeaders().add(name, value);
            }
        });
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
