package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** The sync server's REST API on the port of a document connection, called with the connection's token. */
final class SyncServerApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param syncUrl the document connection's URL ({@code ws://host:8787/hocuspocus}) */
    SyncServerApi(URI syncUrl, Supplier<String> token) {
        String scheme = "wss".equals(syncUrl.getScheme()) ? "https" : "http";
        this.api = URI.create(scheme + "://" + syncUrl.getRawAuthority() + "/api/v1/");
        this.token = token;
    }

    /** The answer's JSON; an answer of 300 or more is an IOException with the server's message. */
    JsonNode call(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.get())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the sync server", e);
        }
        JsonNode answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException("the sync server answered " + response.statusCode() + ": " + answer.path("message").asText(response.body()));
        }
        return answer;
    }
}
