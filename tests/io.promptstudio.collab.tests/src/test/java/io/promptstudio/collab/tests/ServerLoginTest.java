package io.promptstudio.collab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.collab.AuditLog;
import io.promptstudio.collab.ServerLogin.LoginException;
import io.promptstudio.collab.ServerLogin;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.http.SyncServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of the password login, against a real server on a loopback port. */
class ServerLoginTest {

    private static final String SECRET = "collab-login-test-secret-32-bytes!!";
    private static final String PASSWORD = "a password of some length";

    @TempDir
    Path temp;

    private SyncServer server;
    private URI sync;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(temp.resolve("server"));
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, temp.resolve("server"), SECRET, List.of(), Duration.ofSeconds(1)));
        int port = server.start();
        assertEquals(null, server.ensureOwnerAccount("acme/olga", PASSWORD));
        sync = URI.create("ws://127.0.0.1:" + port + "/hocuspocus");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theTokenALoginGivesIsOneTheServerTakes() throws Exception {
        ServerLogin.Token token = new ServerLogin(sync).login("acme", " olga ", PASSWORD.toCharArray());
        assertEquals("owner", token.role());
        assertTrue(token.expiresAt().isAfter(Instant.now().plus(Duration.ofHours(11))));
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(URI.create("http://" + sync.getRawAuthority() + "/api/v1/workspaces"))
                .header("Authorization", "Bearer " + token.token()).build();
        assertEquals(200, http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private int post(String path, String token, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create("http://" + sync.getRawAuthority() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(path.startsWith("/api/v1/users/") ? "PUT" : "POST", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theAuditLogPagesTheWorkspacesChangesNewestFirstForItsOwners() throws Exception {
        String owner = new ServerLogin(sync).login("acme", "olga", PASSWORD.toCharArray()).token();
        assertEquals(201, post("/api/v1/workspaces", owner, "{\"name\":\"team\"}"));
        for (int i = 0; i < AuditLog.PAGE_SIZE; i++) {
            assertEquals(201, post("/api/v1/workspaces/team/documents", owner, "{\"name\":\"doc-" + i + "\"}"));
        }
        AuditLog log = new AuditLog(sync, () -> owner);
        AuditLog.Page first = log.page("team", null);
        assertEquals(AuditLog.PAGE_SIZE, first.entries().size());
        AuditLog.Entry newest = first.entries().get(0);
        assertEquals("olga", newest.actor());
        assertEquals("POST /api/v1/workspaces/{workspace}/documents", newest.action());
        assertEquals(201, newest.status());
        assertTrue(newest.at().isAfter(Instant.now().minus(Duration.ofMinutes(5))), newest.toString());
        AuditLog.Page second = log.page("team", first.next());
        assertEquals(List.of("POST /api/v1/workspaces"), second.entries().stream().map(AuditLog.Entry::action).toList(),
                "the workspace's creation is the oldest entry, alone on the last page");
        assertEquals(null, second.next());
        assertEquals("team", newest.workspace());

        AuditLog.Page tenant = log.page(null, null);
        assertEquals(AuditLog.PAGE_SIZE, tenant.entries().size());
        AuditLog.Page tenantRest = log.page(null, tenant.next());
        List<String> oldest = tenantRest.entries().stream().map(entry -> entry.action() + " " + entry.workspace()).toList();
        assertEquals(List.of("POST /api/v1/workspaces team", "POST /api/v1/login null"), oldest,
                "the tenant's log holds the login that got the token, which names no workspace");

        assertEquals(200, post("/api/v1/users/ed", owner, "{\"password\":\"" + PASSWORD + "\",\"role\":\"editor\"}"));
        String editor = new ServerLogin(sync).login("acme", "ed", PASSWORD.toCharArray()).token();
        java.io.IOException refused = assertThrows(java.io.IOException.class, () -> new AuditLog(sync, () -> editor).page("team", null));
        assertEquals("the sync server answered 403: this needs the owner role in team; you are editor", refused.getMessage());
        java.io.IOException notTenantOwner = assertThrows(java.io.IOException.class, () -> new AuditLog(sync, () -> editor).page(null, null));
        assertTrue(notTenantOwner.getMessage().startsWith("the sync server answered 403: the tenant's audit log needs a token whose"
                + " tenant-wide role is owner"), notTenantOwner.getMessage());
    }

    @Test
    void failuresSayWhatHappened() throws Exception {
        LoginException wrong = assertThrows(LoginException.class, () -> new ServerLogin(sync).login("acme", "olga", "nope".toCharArray()));
        assertEquals("Wrong user name or password for tenant acme", wrong.getMessage());
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        LoginException nobody = assertThrows(LoginException.class,
                () -> new ServerLogin(URI.create("ws://127.0.0.1:" + free + "/hocuspocus")).login("acme", "olga", PASSWORD.toCharArray()));
        assertTrue(nobody.getMessage().startsWith("Cannot reach 127.0.0.1:" + free + ": nothing answers there"), nobody.getMessage());
        LoginException badTenant = assertThrows(LoginException.class, () -> new ServerLogin(sync).login("ac me", "olga", PASSWORD.toCharArray()));
        assertTrue(badTenant.getMessage().startsWith("The server refused the login (400): tenant name 'ac me' is not valid"), badTenant.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServerLogin(URI.create("http://127.0.0.1:1/x")));
    }
}
