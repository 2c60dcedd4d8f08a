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
        if (schema != null) {
            assertEquals(Set.of(), problems(schema, node), method + " " + path + " answers a valid " + schema + ": " + node);
        }
        return node;
    }

    /** What keeps a JSON value from matching the named schema of the OpenAPI document. */
    private Set<?> problems(String schema, JsonNode node) throws Exception {
        String schemas = JSON.writeValueAsString(openApi.path("components").path("schemas")).replace("#/components/schemas/", "#/$defs/");
        JsonNode root = JSON.readTree("{\"$ref\":\"#/$defs/" + schema + "\",\"$defs\":" + schemas + "}");
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        return validator.validate(node);
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

            JsonNode badText = expect(400, "Error", "POST", doc + "/versions/" + v1.path("id").asLong() + "/restore", owner,
                    "{\"text\":\"a b\"}");
            assertEquals("field 'text' must name a shared text (letters, digits, '.', '_', '-')", badText.path("message").asText());
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
    void everyChangeAndEveryRefusedChangeIsInTheAuditLogWhichOnlyOwnersRead() throws Exception {
        expect(201, "Workspace", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        expect(200, "Member", "PUT", "/api/v1/workspaces/team/members/sam", owner, "{\"role\":\"viewer\"}");
        String viewer = Tokens.token("sam", "acme", null);
        expect(403, "Error", "POST", "/api/v1/workspaces/team/documents", viewer, "{\"name\":\"x\"}");
        expect(401, "Error", "DELETE", "/api/v1/workspaces/team", Tokens.token("wrong-secret-that-is-at-least-32-bytes", "olga", "acme", "owner",
                java.util.Map.of(), java.time.Instant.now().plusSeconds(60)), null);
        expect(201, "Document", "POST", "/api/v1/workspaces/team/documents", owner, "{\"name\":\"notes\"}");

        JsonNode page = expect(200, "AuditPage", "GET", "/api/v1/audit", owner, null);
        List<String> actions = new java.util.ArrayList<>();
        page.path("items").forEach(item -> actions.add(item.path("actor").asText() + " " + item.path("action").asText() + " " + item.path("status").asInt()));
        assertEquals(List.of("olga POST /api/v1/workspaces/{workspace}/documents 201",
                "sam POST /api/v1/workspaces/{workspace}/documents 403",
                "olga PUT /api/v1/workspaces/{workspace}/members/{user} 200",
                "olga POST /api/v1/workspaces 201"), actions, "newest first; the forged token changed nothing and names no one");
        JsonNode newest = page.path("items").get(0);
        assertEquals("team", newest.path("workspace").asText());
        assertEquals("/api/v1/workspaces/team/documents", newest.path("path").asText());
        assertTrue(newest.path("requestId").asText().length() > 0);
        assertTrue(page.path("next").isNull(), "one page holds them all");

        JsonNode first = expect(200, "AuditPage", "GET", "/api/v1/audit?limit=3", owner, null);
        assertEquals(3, first.path("items").size());
        JsonNode rest = expect(200, "AuditPage", "GET", "/api/v1/audit?limit=3&before=" + first.path("next").asLong(), owner, null);
        assertEquals("olga POST /api/v1/workspaces", rest.path("items").get(0).path("actor").asText() + " " + rest.path("items").get(0).path("action").asText());
        assertEquals(1, rest.path("items").size());

        assertEquals(4, expect(200, "AuditPage", "GET", "/api/v1/workspaces/team/audit", owner, null).path("items").size(),
                "the workspace's owners read its entries (the workspace's creation names it too)");
        expect(403, "Error", "GET", "/api/v1/workspaces/team/audit", viewer, null);
        expect(403, "Error", "GET", "/api/v1/audit", Tokens.token("ed", "acme", "editor"), null);
        JsonNode otherTenant = expect(200, "AuditPage", "GET", "/api/v1/audit", Tokens.token("olga", "other-tenant", "owner"), null);
        assertEquals(0, otherTenant.path("items").size(), "another tenant's owner sees none of acme's entries");
        expect(404, "Error", "GET", "/api/v1/workspaces/team/audit", Tokens.token("olga", "other-tenant", "owner"), null);

        expect(204, null, "DELETE", "/api/v1/workspaces/team", owner, null);
        JsonNode afterDelete = expect(200, "AuditPage", "GET", "/api/v1/audit?workspace=team", owner, null);
        assertEquals(5, afterDelete.path("items").size(), "the entries outlive the workspace, its deletion the newest");
        assertEquals("DELETE /api/v1/workspaces/{workspace}", afterDelete.path("items").get(0).path("action").asText());
    }

    @Test
    void aServerWithARetentionDeletesOlderAuditEntriesWhenItStarts() throws Exception {
        server.stop();
        java.time.Instant longAgo = java.time.Instant.now().minus(Duration.ofDays(40));
        try (var store = io.promptstudio.sync.storage.H2DocumentStore.open(data, java.time.Clock.fixed(longAgo, java.time.ZoneOffset.UTC), false)) {
            store.recordAudit(new io.promptstudio.sync.storage.StoreRecords.AuditEntry(0, null, "acme", "old", "POST /api/v1/workspaces", null,
                    "/api/v1/workspaces", 201, "r-old"));
        }
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withAuditRetention(Duration.ofDays(30)));
        port = server.start();
        expect(201, "Workspace", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode page;
        do {
            page = expect(200, "AuditPage", "GET", "/api/v1/audit", owner, null);
        } while (page.path("items").size() != 1 && System.nanoTime() < deadline && sleep(50));
        assertEquals(1, page.path("items").size(), "the 40-day-old entry went, the new one stayed: " + page);
        assertEquals("olga", page.path("items").get(0).path("actor").asText());
    }

    @Test
    void aChangeWhoseAuditEntryCannotBeWrittenIsNotMadeAndOneCutShortStaysUnanswered() throws Exception {
        expect(201, "Workspace", "POST", "/api/v1/workspaces", owner, "{\"name\":\"team\"}");
        // the server's own database, from this process: the audit log goes away under it
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("promptstudio-sync");
        try (var h2 = java.sql.DriverManager.getConnection(url); var statement = h2.createStatement()) {
            statement.execute("ALTER TABLE audit_log RENAME TO audit_log_away");
        }
        JsonNode refused = expect(500, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":\"unrecorded\"}");
        assertEquals("the change was not made: its audit entry could not be written", refused.path("message").asText());
        try (var h2 = java.sql.DriverManager.getConnection(url); var statement = h2.createStatement()) {
            statement.execute("ALTER TABLE audit_log_away RENAME TO audit_log");
        }
        JsonNode workspaces = expect(200, null, "GET", "/api/v1/workspaces", owner, null);
        assertEquals(1, workspaces.path("items").size(), "only 'team' exists: " + workspaces);

        // what a server stopped in the middle of a change leaves: the entry it wrote first, never answered
        server.stop();
        try (var store = io.promptstudio.sync.storage.H2DocumentStore.open(data, java.time.Clock.systemUTC(), false)) {
            store.recordAudit(new io.promptstudio.sync.storage.StoreRecords.AuditEntry(0, null, "acme", "olga",
                    "DELETE /api/v1/workspaces/{workspace}", "team", "/api/v1/workspaces/team",
                    io.promptstudio.sync.storage.StoreRecords.AuditEntry.UNANSWERED, "r-cut"));
        }
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1)));
        port = server.start();
        JsonNode page = expect(200, "AuditPage", "GET", "/api/v1/audit", owner, null);
        assertEquals(List.of("DELETE 0", "POST 201"), java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
                .map(item -> item.path("action").asText().split(" ")[0] + " " + item.path("status").asInt()).toList());
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void theAuditExampleOfTheOperatorsGuideIsWhatTheServerAnswers() throws Exception {
        Path root = Path.of(System.getProperty("promptstudio.root", "../.."));
        String guide = java.nio.file.Files.readString(root.resolve("docs/sync-server.md"));
        String section = guide.substring(guide.indexOf("### Audit log"));
        String example = section.substring(section.indexOf("```json") + 7, section.indexOf("```", section.indexOf("```json") + 7)).strip();
        JsonNode page = JSON.readTree(example);
        assertEquals(Set.of(), problems("AuditPage", page), example);
        assertEquals(2, page.path("items").size(), "the example asks for limit=2");
        assertEquals(page.path("items").get(1).path("id").asLong(), page.path("next").asLong(), "next is the last entry's id");
        assertTrue(section.contains("/api/v1/workspaces/team/audit?limit=2"), "the example's request is the one shown");
    }

    @Test
    void badAuditQueriesNameTheParameterAndItsRange() throws Exception {
        for (String query : List.of("limit=0", "limit=501", "limit=abc", "before=0", "before=-5", "before=99999999999999999999", "workspace=..%2Fetc")) {
            JsonNode error = expect(400, "Error", "GET", "/api/v1/audit?" + query, owner, null);
            String parameter = query.substring(0, query.indexOf('='));
            assertTrue(error.path("message").asText().contains(parameter), query + ": " + error);
        }
        JsonNode range = expect(400, "Error", "GET", "/api/v1/audit?limit=501", owner, null);
        assertEquals("query parameter 'limit' is 501, outside 1 to 500", range.path("message").asText());
        JsonNode twice = expect(400, "Error", "GET", "/api/v1/audit?limit=1&limit=2", owner, null);
        assertEquals("query parameter 'limit' is given 2 times", twice.path("message").asText());
        expect(401, "Error", "GET", "/api/v1/audit", null, null);
    }

    @Test
    void badRequestsGetTheErrorShapeWithWhatToChange() throws Exception {
        JsonNode unauthorized = expect(401, "Error", "GET", "/api/v1/workspaces", null, null);
        assertEquals("UNAUTHORIZED", unauthorized.path("code").asText());
        expect(401, "Error", "GET", "/api/v1/workspaces", "not.a.jwt", null);
        JsonNode malformed = expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\": ");
        assertTrue(malformed.path("message").asText().startsWith("the body is not valid JSON at line 1, column"), malformed.toString());
        JsonNode twice = expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":\"a\",\"name\":\"b\"}");
        assertEquals("the body is not valid JSON at line 1, column 20", twice.path("message").asText(), twice.toString());
        assertTrue(twice.path("details").get(0).asText().contains("Duplicate field 'name'"), twice.toString());
        JsonNode trailing = expect(400, "Error", "POST", "/api/v1/workspaces", owner, "{\"name\":\"a\"} {\"name\":\"b\"}");
        assertTrue(trailing.path("message").asText().startsWith("the body is not valid JSON at line 1"), trailing.toString());
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
        expect(200, null, "GET", "/api/v1/workspaces", owner, null);
    }

    @Test
    void aBadPercentEscapeInThePathOrTheQueryIsABadRequestNotADroppedConnection() throws Exception {
        // Java's HTTP client refuses to send such a URI, so these go over a plain socket, as any client's could.
        for (String target : List.of("/api/v1/workspaces/team/documents/%ZZ", "/api/v1/audit?workspace=%E",
                "/hocuspocus?token=%G1")) {
            String answer = rawRequest("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + owner
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request"), target + ": " + answer);
            JsonNode error = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals(Set.of(), problems("Error", error), error.toString());
            assertEquals("the request's URI is not valid percent-encoding", error.path("message").asText());
            assertEquals("at character " + (target.indexOf('%') + 1) + ": '%' must be followed by two hexadecimal digits",
                    error.path("details").get(0).asText(), "the detail says where, and echoes nothing (a query may hold a token)");
            assertTrue(answer.contains("X-Request-Id: " + error.path("requestId").asText()), answer);
        }
        expect(200, null, "GET", "/api/v1/workspaces", owner, null);
    }

    private String rawRequest(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
