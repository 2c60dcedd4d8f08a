package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Named versions of a shared document, through the sync server's REST API (the same server and token as the
 * document's connection): save the document now, list, read a version's text, restore one as a new edit.
 */
public final class Versions {

    /** One saved version. */
    public record Version(long id, String name, String message, String author, Instant createdAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyncServerApi server;

    /** @param syncUrl the document connection's URL ({@code ws://host:8787/hocuspocus}); the API is on the same port */
    public Versions(URI syncUrl, Supplier<String> token) {
        this.server = new SyncServerApi(syncUrl, token);
    }

    public List<Version> list(String documentName) throws IOException {
        JsonNode items = server.call("GET", path(documentName) + "/versions", null).path("items");
        List<Version> versions = new ArrayList<>();
        for (JsonNode item : items) {
            versions.add(version(item));
        }
        return versions;
    }

    public Version save(String documentName, String name, String message) throws IOException {
        return version(server.call("POST", path(documentName) + "/versions",
                JSON.createObjectNode().put("name", name).put("message", message).toString()));
    }

    public String text(String documentName, long versionId) throws IOException {
        return server.call("GET", path(documentName) + "/versions/" + versionId + "?text=" + SharedDocument.TEXT, null).path("text").asText();
    }

    /** Makes the version's text the document's again, as a new edit every editor receives. */
    public void restore(String documentName, long versionId) throws IOException {
        server.call("POST", path(documentName) + "/versions/" + versionId + "/restore", "{\"text\":\"" + SharedDocument.TEXT + "\"}");
    }

    /** {@code workspace/a/b.pstudio} → {@code workspaces/workspace/documents/a%2Fb.pstudio}. */
    static String path(String documentName) {
        int slash = documentName.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("document name '" + documentName + "' is not 'workspace/document'");
        }
        return "workspaces/" + URLEncoder.encode(documentName.substring(0, slash), StandardCharsets.UTF_8) + "/documents/"
                + URLEncoder.encode(documentName.substring(slash + 1), StandardCharsets.UTF_8);
    }

    private static Version version(JsonNode item) {
        return new Version(item.path("id").asLong(), item.path("name").asText(), item.path("message").asText(),
                item.path("author").asText(), Instant.parse(item.path("createdAt").asText()));
    }
}
