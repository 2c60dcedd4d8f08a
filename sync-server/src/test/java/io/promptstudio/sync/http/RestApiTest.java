package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.promptstudio.crdt.Doc;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.api.RestApi;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.testing.SyncClient;
import io.promptstudio.sync.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over the network; every answer is checked against the schema that /openapi.json publishes. */
class RestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private SyncServer server;
    private int port;
    private JsonNode openApi;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String owner = Tokens.token("olga", "acme", "owner");

    @BeforeEach
    void start() throws Exception {
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1)));
        port = server.start();
        openApi = JSON.readTree(call("GET", "/openapi.json", null, null).body());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls and checks the status and that the body matches the named schema of the OpenAPI document. */
    private JsonNode expect(int status, String schema, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = call(method, path, token, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent(), "every answer has a request id");
        if (response.body().isEmpty()) {
            return null;
        }
        JsonNode node = JSON.readTree(response.body());
        if (schema == null) {
            return node;
        }
        String schemas = JSON.writeValueAsString(openApi.path("components").path("schemas")).replace("#/components/schemas/", "#/$defs/");
        JsonNode root = JSON.readTree("{\"$ref\":\"#/$defs/" + schema + "\",\"$defs\":" + schemas + "}");
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        var problems = validator.validate(node);
        assertEquals(Set.of(), problems, method + " " + path + " answers a valid " + schema + ": " + node);
        return node;
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRoutesTheServerServes() {
        Set<String> documented = new TreeSet<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> served = new TreeSet<>();
        RestApi.Route[] routes = new RestApiRoutes().routes();
        for (RestApi.Route route : routes) {
            served.add(route.method() + " " + route.template());
        }
        assertEquals(served, documented);
    }

    /** The routes of a real API instance (the server's own), read through its public list. */
    private final class RestApiRoutes {
        RestApi.Route[] routes() {
            return server.api().routes().toArray(RestApi.Route[]::new);
        }
    }

    @Test
    void workspacesDocumentsVersionsDiffAndRestoreWorkTogether() throws Exception {
        expect(201, "Workspace", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        expect(409, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        JsonNode list = expect(200, null, "GET", "/api/v1/workspaces", owner, null);
        assertEquals("team", list.path("items").get(0).path("name").asText());
        expect(201, "Document", "POST", "/api/v1/workspaces/team/documents", owner, "{\"name\":\"prompts/review.pstudio\"}");
        String doc = "/api/v1/workspaces/team/documents/prompts%2Freview.pstudio";

        try (SyncClient client = SyncClient.hocuspocus(port); Doc local = new Doc()) {
            client.send(new HocuspocusMessage("team/prompts/review.pstudio", new HocuspocusMessage.Token(owner, null)));
            client.awaitBody(HocuspocusMessage.Authenticated.class);
            client.send(new HocuspocusMessage("team/prompts/review.pstudio",
                    new HocuspocusMessage.Sync(new SyncMessage.Update(local.text("source").insert(0, "line one\nline two\n")))));
            client.awaitBody(HocuspocusMessage.SyncStatus.class);
            JsonNode v1 = expect(201, "Version", "POST", doc + "/versions", owner, "{\"name\":\"first draft\",\"message\":\"two lines\"}");
            client.send(new HocuspocusMessage("team/prompts/review.pstudio",
                    new HocuspocusMessage.Sync(new SyncMessage.Update(local.text("source").insert(9, "line 1.5\n")))));
            client.awaitBody(HocuspocusMessage.SyncStatus.class);

            JsonNode current = expect(200, "Document", "GET", doc + "?text=source", owner, null);
            assertEquals("line one\nline 1.5\nline two\n", current.path("text").asText());
            JsonNode version = expect(200, "Version", "GET", doc + "/versions/" + v1.path("id").asLong(), owner, null);
            assertEquals("line one\nline two\n", version.path("text").asText());
            JsonNode diff = expect(200, "Diff", "GET", doc + "/versions/" + v1.path("id").asLong() + "/diff?to=current", owner, null);
            assertTrue(diff.path("unified").asText().contains("@@ -1,2 +1,3 @@\n line one\n+line 1.5\n line two\n"), diff.path("unified").asText());

            JsonNode restored = expect(200, "Document", "POST", doc + "/versions/" + v1.path("id").asLong() + "/restore", owner, null);
            assertEquals("line one\nline two\n", restored.path("text").asText());
            SyncMessage pushed = ((HocuspocusMessage.Sync) client.awaitBody(HocuspocusMessage.Sync.class)).message();
            local.applyUpdate(((SyncMessage.Update) pushed).update());
            assertEquals("line one\nline two\n", local.text("source").toString(), "the restore reached the connected editor as an edit");
        }
        JsonNode versions = expect(200, null, "GET", doc + "/versions", owner, null);
        assertEquals(1, versions.path("items").size(), "a restore adds an edit, not a rewritten history");
    }

    @Test
    void membersAndRolesDecideWhatACallerMayDo() throws Exception {
        expect(201, "Workspace", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        String stranger = Tokens.token("sam", "acme", null);
        expect(404, "Error", "GET", "/api/v1/workspaces/team", stranger, null);
        expect(200, "Member", "PUT", "/api/v1/workspaces/team/members/sam", owner, "{\"role\":\"viewer\"}");
        expect(200, "Workspace", "GET", "/api/v1/workspaces/team", stranger, null);
        JsonNode refused = expect(403, "Error", "POST", "/api/v1/workspaces/team/documents", stranger, "{\"name\":\"x\"}");
        assertEquals("this needs the editor role in team; you are viewer", refused.path("message").asText());
        expect(409, "Error", "DELETE", "/api/v1/workspaces/team/members/olga", owner, null);
        expect(404, "Error", "GET", "/api/v1/workspaces/team", Tokens.token("olga", "other-tenant", "owner"), null);
    }

    @Test
    void badRequestsGetTheErrorShapeWithWhatToChange() throws Exception {
        JsonNode unauthorized = expect(401, "Error", "GET", "/api/v1/workspaces", null, null);
        assertEquals("UNAUTHORIZED", unauthorized.path("code").asText());
        expect(401, "Error", "GET", "/api/v1/workspaces", "not.a.jwt", null);
        JsonNode malformed = expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\": ");
        assertTrue(malformed.path("message").asText().startsWith("the body is not valid JSON at line 1, column"), malformed.toString());
        JsonNode unknown = expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":\"a\",\"colour\":\"red\"}");
        assertEquals("unknown field 'colour' (known: name)", unknown.path("details").get(0).asText());
        expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":\"../etc\"}");
        expect(400, "Error", "POST", "/api/v1/workspaces", owner, "[1,2]");
        expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":7}");
        expect(405, "Error", "PATCH", "/api/v1/workspaces", owner, null);
        expect(404, "Error", "GET", "/api/v1/nothing", owner, null);
        expect(201, "Workspace", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        expect(400, "Error", "GET", "/api/v1/workspaces/team/documents/x/versions/abc", owner, null);
        expect(404, "Error", "GET", "/api/v1/workspaces/team/documents/missing", owner, null);
        HttpResponse<String> metrics = call("GET", "/metrics", null, null);
        assertTrue(metrics.body().contains("promptstudio_auth_failures_total 1"), metrics.body());
    }
}
