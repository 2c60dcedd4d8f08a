package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A workspace's audit log on the sync server (its owners may read it), or the whole tenant's (its owners'): who
 * changed what through the REST API and how each request ended, refusals included, newest first, a page at a time.
 */
public final class AuditLog {

    /**
     * One entry: the route ({@code action}) and the concrete {@code path}, the workspace it named (null for logins
     * and accounts), the HTTP status the caller got (0: none, the server stopped while handling it).
     */
    public record Entry(long id, Instant at, String actor, String action, String workspace, String path, int status, String requestId) {
    }

    /** A page of entries, newest first; {@code before} of the next page, or null on the last. */
    public record Page(List<Entry> entries, Long next) {
    }

    public static final int PAGE_SIZE = 100;

    private final SyncServerApi server;

    /** @param syncUrl the document connection's URL ({@code ws://host:8787/hocuspocus}); the API is on the same port */
    public AuditLog(URI syncUrl, Supplier<String> token) {
        this.server = new SyncServerApi(syncUrl, token);
    }

    /**
     * The newest entries of the workspace, or of the whole tenant when {@code workspace} is null (logins and accounts
     * too); those before {@code before} (a page's {@code next}) when that is not null.
     */
    public Page page(String workspace, Long before) throws IOException {
        String query = "?limit=" + PAGE_SIZE + (before == null ? "" : "&before=" + before);
        String path = workspace == null ? "audit" : "workspaces/" + URLEncoder.encode(workspace, StandardCharsets.UTF_8) + "/audit";
        JsonNode answer = server.call("GET", path + query, null);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            entries.add(new Entry(item.path("id").asLong(), Instant.parse(item.path("at").asText()), item.path("actor").asText(),
                    item.path("action").asText(), item.path("workspace").isTextual() ? item.path("workspace").asText() : null,
                    item.path("path").asText(), item.path("status").asInt(), item.path("requestId").asText()));
        }
        return new Page(entries, answer.path("next").isNumber() ? answer.path("next").asLong() : null);
    }
}
