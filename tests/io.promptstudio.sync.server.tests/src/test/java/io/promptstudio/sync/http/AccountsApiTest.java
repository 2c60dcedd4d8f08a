package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.storage.H2DocumentStore;
import io.promptstudio.sync.storage.StoreRecords.Account;
import io.promptstudio.sync.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password login and the accounts behind it, over the network, on a real server and a real H2 file. */
class AccountsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path data;

    private SyncServer server;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String owner = Tokens.token("olga", "acme", "owner");

    @BeforeEach
    void start() throws Exception {
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1)));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> call(String method, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String tenant, String user, String password) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("tenant", tenant, "user", user, "password", password));
        return call("POST", "/api/v1/login", null, "application/json", body);
    }

    private void createAccount(String user, String role) throws Exception {
        HttpResponse<String> created = call("PUT", "/api/v1/users/" + user, owner, "application/json",
                "{\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertEquals(200, created.statusCode(), created.body());
        assertEquals(JSON.readTree("{\"tenant\":\"acme\",\"user\":\"" + user + "\",\"role\":\"" + role + "\"}"), JSON.readTree(created.body()));
    }

    @Test
    void anOwnerMakesAnAccountWhoseLoginGivesATokenTheServerAccepts() throws Exception {
        createAccount("wes", "editor");
        HttpResponse<String> answer = login("acme", "wes", PASSWORD);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("editor", body.get("role").asText());
        String token = body.get("token").asText();
        Principal principal = new TokenVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null, null, null, Clock.systemUTC()).verify(token);
        assertEquals("wes", principal.userId());
        assertEquals("acme", principal.tenant());
        assertEquals(Role.EDITOR, principal.tenantRole());
        assertEquals(200, call("GET", "/api/v1/workspaces", token, null, null).statusCode(), "the server takes its own token");
        assertTrue(java.time.Instant.parse(body.get("expiresAt").asText()).isAfter(java.time.Instant.now().plus(Duration.ofHours(11))));
    }

    private HttpResponse<String> loginFrom(String address, String tenant, String user, String password) throws Exception {
        HttpClient from = HttpClient.newBuilder().localAddress(java.net.InetAddress.getByName(address)).build();
        String body = JSON.writeValueAsString(java.util.Map.of("tenant", tenant, "user", user, "password", password));
        return from.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWrongPasswordAndAnUnknownNameAnswerAlikeAndRepeatedFailuresSlowThatAddressDownButNotTheOwnerElsewhere() throws Exception {
        createAccount("wes", "editor");
        HttpResponse<String> wrong = login("acme", "wes", "not the password");
        HttpResponse<String> unknown = login("acme", "nobody", PASSWORD);
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(JSON.readTree(wrong.body()).get("message"), JSON.readTree(unknown.body()).get("message"));
        assertEquals("wrong user name or password", JSON.readTree(wrong.body()).get("message").asText());
        for (int i = 0; i < 2; i++) {
            assertEquals(401, login("acme", "wes", "guess " + i).statusCode());
        }
        HttpResponse<String> refused = login("acme", "wes", PASSWORD);
        assertEquals(429, refused.statusCode(), "after three failures from this address, even the right password waits");
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow(), "the first wait is a second");
        assertEquals(200, loginFrom("127.0.0.2", "acme", "wes", PASSWORD).statusCode(), "the owner at another address is not held back");
        assertEquals(401, login("acme", "someone-else", PASSWORD).statusCode(), "other accounts are not held back");
        Thread.sleep(1_100);
        assertEquals(200, login("acme", "wes", PASSWORD).statusCode(), "after the wait the right password is taken");

        JsonNode audit = JSON.readTree(call("GET", "/api/v1/audit?limit=4", owner, null, null).body());
        List<String> newest = new java.util.ArrayList<>();
        audit.get("items").forEach(item -> newest.add(item.get("actor").asText() + " " + item.get("action").asText() + " " + item.get("status").asInt()));
        assertEquals(List.of("wes POST /api/v1/login 200", "someone-else POST /api/v1/login 401", "wes POST /api/v1/login 200",
                "wes POST /api/v1/login 429"), newest, "every login attempt is in the tenant's audit log under the name it tried");
    }

    @Test
    void theWaitGrowsWithEachFailureAndTheAdministratorOrAnOwnerClearsIt(@TempDir Path other) throws Exception {
        server.stop();
        String admin = "the-administrators-credential-".repeat(2);
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withAdministration(admin, other));
        port = server.start();
        createAccount("wes", "editor");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("acme", "wes", "guess " + i).statusCode());
        }
        Thread.sleep(1_100);
        assertEquals(401, login("acme", "wes", "guess 3").statusCode());
        assertEquals("2", login("acme", "wes", PASSWORD).headers().firstValue("Retry-After").orElseThrow(), "the wait doubles");

        assertEquals(403, call("DELETE", "/api/v1/admin/login-failures/acme/wes", owner, null, null).statusCode(),
                "a tenant's owner is no administrator");
        assertEquals(204, call("DELETE", "/api/v1/admin/login-failures/acme/wes", admin, null, null).statusCode());
        assertEquals(200, login("acme", "wes", PASSWORD).statusCode(), "the administrator cleared the failures");

        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("acme", "wes", "again " + i).statusCode());
        }
        assertEquals(429, login("acme", "wes", PASSWORD).statusCode());
        createAccount("wes", "editor");
        assertEquals(200, login("acme", "wes", PASSWORD).statusCode(), "an owner setting the password clears the failures too");
    }

    @Test
    void badRequestsSayWhatIsWrong() throws Exception {
        assertEquals(415, call("POST", "/api/v1/login", null, "text/plain", "tenant=acme").statusCode());
        HttpResponse<String> broken = call("POST", "/api/v1/login", null, "application/json", "{\"tenant\": \"acme\",\n \"user\": }");
        assertEquals(400, broken.statusCode());
        assertTrue(JSON.readTree(broken.body()).get("message").asText().contains("line 2"), broken.body());
        HttpResponse<String> missing = call("POST", "/api/v1/login", null, "application/json", "{\"tenant\":\"acme\",\"user\":\"wes\"}");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("field 'password' is required"), missing.body());
        HttpResponse<String> extra = call("POST", "/api/v1/login", null, "application/json",
                "{\"tenant\":\"acme\",\"user\":\"wes\",\"password\":\"x\",\"admin\":true}");
        assertTrue(extra.body().contains("unknown field 'admin'"), extra.body());
        assertEquals(400, login("ac me", "wes", PASSWORD).statusCode());

        HttpResponse<String> short_ = call("PUT", "/api/v1/users/wes", owner, "application/json", "{\"password\":\"short\",\"role\":\"editor\"}");
        assertEquals(400, short_.statusCode());
        assertTrue(short_.body().contains("at least 12 characters"), short_.body());
        HttpResponse<String> role = call("PUT", "/api/v1/users/wes", owner, "application/json", "{\"password\":\"" + PASSWORD + "\",\"role\":\"god\"}");
        assertEquals(400, role.statusCode());
        String editor = Tokens.token("ed", "acme", "editor");
        assertEquals(403, call("PUT", "/api/v1/users/wes", editor, "application/json", "{\"password\":\"" + PASSWORD + "\",\"role\":\"owner\"}").statusCode());
        assertEquals(401, call("PUT", "/api/v1/users/wes", null, "application/json", "{\"password\":\"" + PASSWORD + "\",\"role\":\"owner\"}").statusCode());
    }

    @Test
    void onlyAHashIsStoredAndAnOlderDatabaseGainsTheAccountsTable() throws Exception {
        createAccount("wes", "viewer");
        server.stop();
        try (var h2 = java.sql.DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("promptstudio-sync"))) {
            try (var statement = h2.createStatement(); var rows = statement.executeQuery("SELECT password_hash FROM accounts")) {
                rows.next();
                String stored = rows.getString(1);
                assertTrue(stored.startsWith("pbkdf2-sha256$600000$"), stored);
                assertFalse(stored.contains(PASSWORD));
            }
            // what a server of schema 1 left: no accounts table, no audit log
            try (var statement = h2.createStatement()) {
                statement.execute("DROP TABLE accounts");
                statement.execute("DROP TABLE audit_log");
                statement.execute("UPDATE schema_info SET version = 1");
            }
        }
        H2DocumentStore reopened = H2DocumentStore.open(data, Clock.systemUTC(), false);
        try {
            assertTrue(reopened.account("acme", "wes").isEmpty());
            reopened.putAccount(new Account("acme", "wes", "pbkdf2-sha256$1$AA$AA", Role.EDITOR));
            assertEquals(Role.EDITOR, reopened.account("acme", "wes").orElseThrow().role());
            assertEquals(List.of(), reopened.audit("acme", null, Long.MAX_VALUE, 10));
        } finally {
            reopened.close();
        }
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1)));
        port = server.start();
    }

    @Test
    void theFirstOwnerAccountComesFromTheEnvironmentOnceAndBadSettingsAreNamed() throws Exception {
        assertEquals(null, server.ensureOwnerAccount("acme/root", PASSWORD));
        JsonNode answer = JSON.readTree(login("acme", "root", PASSWORD).body());
        assertEquals("owner", answer.get("role").asText());
        String rootToken = answer.get("token").asText();
        assertEquals(200, call("PUT", "/api/v1/users/root", rootToken, "application/json",
                "{\"password\":\"a changed password\",\"role\":\"owner\"}").statusCode(), "an owner's token from the login manages accounts");
        assertEquals(null, server.ensureOwnerAccount("acme/root", PASSWORD));
        assertEquals(401, login("acme", "root", PASSWORD).statusCode(), "a restart does not undo a changed password");
        assertEquals(200, login("acme", "root", "a changed password").statusCode());
        assertTrue(server.ensureOwnerAccount("no-slash", PASSWORD).contains("is not tenant/user"));
        assertTrue(server.ensureOwnerAccount("acme/x", "short").contains("at least 12 characters"));
        assertTrue(server.ensureOwnerAccount("acme/x", null).contains("at least 12 characters"));
    }
}
