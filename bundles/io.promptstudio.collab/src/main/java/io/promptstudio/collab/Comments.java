package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Comment threads on a shared prompt, anchored to a range of its text by relative positions, so that they stay
 * on the same words while anyone edits around them. They live in the document's {@code Y.Map "comments"}: every
 * thread, every reply and every resolution is a key of its own, so two people replying at once both keep their
 * reply. Call on the document's executor, like {@link SharedDocument#edit}.
 */
public final class Comments {

    static final String MAP = "comments";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One reply of a thread. */
    public record Reply(String id, String author, String text, Instant at) {
    }

    /**
     * A thread: the range it is about (offsets into the text now; -1 when that text was deleted), the opening
     * comment, the replies in time order, and whether it is resolved.
     */
    public record Thread(String id, int start, int end, String author, String text, Instant at, List<Reply> replies, boolean resolved) {
    }

    private final SharedDocument document;
    private final String author;
    private final Clock clock;

    public Comments(SharedDocument document, String author, Clock clock) {
        this.document = document;
        this.author = author;
        this.clock = clock;
    }

    /** Opens a thread on {@code [start, end)} of the text; returns its id. */
    public String add(int start, int end, String text) {
        if (start < 0 || end < start || end > document.text().length()) {
            throw new IllegalArgumentException("range " + start + "-" + end + " is not in the text of " + document.text().length() + " characters");
        }
        String id = UUID.randomUUID().toString();
        ObjectNode thread = JSON.createObjectNode();
        var text0 = document.doc().text(SharedDocument.TEXT);
        thread.put("start", Base64.getEncoder().encodeToString(text0.relativePosition(start, false)));
        thread.put("end", Base64.getEncoder().encodeToString(text0.relativePosition(end, true)));
        thread.put("author", author).put("text", text).put("at", clock.instant().toString());
        document.doc().map(MAP).setJson("thread:" + id, thread.toString());
        return id;
    }

    public String reply(String threadId, String text) {
        String id = UUID.randomUUID().toString();
        ObjectNode reply = JSON.createObjectNode().put("author", author).put("text", text).put("at", clock.instant().toString());
        document.doc().map(MAP).setJson("reply:" + threadId + ":" + id, reply.toString());
        return id;
    }

    public void resolve(String threadId, boolean resolved) {
        document.doc().map(MAP).setJson("resolved:" + threadId, resolved ? "true" : "false");
    }

    /** The threads now, in the order of their place in the text. */
    public List<Thread> threads() {
        JsonNode all;
        try {
            all = JSON.readTree(document.doc().map(MAP).toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> threads = new LinkedHashMap<>();
        Map<String, List<Reply>> replies = new LinkedHashMap<>();
        Map<String, Boolean> resolved = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = all.fields(); fields.hasNext();) {
            var field = fields.next();
            String[] key = field.getKey().split(":", 3);
            JsonNode value = field.getValue();
            switch (key[0]) {
                case "thread" -> threads.put(key[1], value);
                case "reply" -> {
                    if (key.length == 3) {
                        replies.computeIfAbsent(key[1], k -> new ArrayList<>()).add(new Reply(key[2], value.path("author").asText(),
                                value.path("text").asText(), instant(value)));
                    }
                }
                case "resolved" -> resolved.put(key[1], value.asBoolean());
                default -> {
                    // keys of a newer version are kept as they are
                }
            }
        }
        List<Thread> result = new ArrayList<>();
        for (var entry : threads.entrySet()) {
            JsonNode thread = entry.getValue();
            List<Reply> threadReplies = new ArrayList<>(replies.getOrDefault(entry.getKey(), List.of()));
            threadReplies.sort(Comparator.comparing(Reply::at).thenComparing(Reply::id));
            result.add(new Thread(entry.getKey(), resolve(thread.path("start").asText()), resolve(thread.path("end").asText()),
                    thread.path("author").asText(), thread.path("text").asText(), instant(thread), List.copyOf(threadReplies),
                    resolved.getOrDefault(entry.getKey(), false)));
        }
        result.sort(Comparator.comparingInt(Thread::start).thenComparing(Thread::at));
        return result;
    }

    /** Tells {@code listener} after each change of the comments, local or remote. */
    public void onChange(Runnable listener) {
        document.doc().observeMap(MAP, (keys, origin) -> listener.run());
    }

    private int resolve(String base64) {
        try {
            return document.doc().resolve(Base64.getDecoder().decode(base64)).orElse(-1);
        } catch (IllegalArgumentException malformed) {
            return -1;
        }
    }

    private static Instant instant(JsonNode value) {
        try {
            return Instant.parse(value.path("at").asText());
        } catch (RuntimeException malformed) {
            return Instant.EPOCH;
        }
    }
}
