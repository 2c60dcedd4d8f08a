package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jwt.JWTClaimsSet;
import io.promptstudio.crdt.Doc;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.protocol.HocuspocusMessage.Authenticated;
import io.promptstudio.sync.protocol.HocuspocusMessage.PermissionDenied;
import io.promptstudio.sync.protocol.HocuspocusMessage.Sync;
import io.promptstudio.sync.protocol.HocuspocusMessage.SyncStatus;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.protocol.YMessage;
import io.promptstudio.sync.testing.SyncClient;
import io.promptstudio.sync.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Both sync protocols against the real server on a loopback port, driven frame by frame. */
class SyncProtocolTest {

    @TempDir
    Path data;

    private SyncServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = startServer();
    }

    private int startServer() throws Exception {
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withJwt(null, null, null).withUnloadAfter(Duration.ofMillis(200)));
        return server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static HocuspocusMessage token(String document, String token) {
        return new HocuspocusMessage(document, new HocuspocusMessage.Token(token, "4.8.0"));
    }

    private static HocuspocusMessage sync(String document, SyncMessage message) {
        return new HocuspocusMessage(document, new Sync(message));
    }

    /** Authenticates and finishes the handshake; returns the server's step 2 (the document's content). */
    private static byte[] join(SyncClient client, String document, String token) throws Exception {
        client.send(token(document, token));
        assertInstanceOf(Authenticated.class, client.nextHocuspocus().body());
        client.send(sync(document, new SyncMessage.Step1(new byte[] {0})));
        SyncMessage first = ((Sync) client.awaitBody(Sync.class)).message();
        assertInstanceOf(SyncMessage.Step1.class, first, "Hocuspocus answers a step 1 with its own step 1 first");
        SyncMessage second = ((Sync) client.awaitBody(Sync.class)).message();
        return assertInstanceOf(SyncMessage.Step2.class, second).update();
    }

    private static String text(byte[] update) {
        try (Doc doc = new Doc()) {
            doc.applyUpdate(update);
            return doc.text("source").toString();
        }
    }

    /** The tenant's audit log names the viewer's refused writes once for the session (they go on a loader thread). */
    private void assertRefusedWriteAuditedOnce(String viewer, String document, String handshakeRequestId) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/audit"))
                .header("Authorization", "Bearer " + Tokens.token("olga", "acme", "owner")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> refused;
        do {
            String body = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            refused = new java.util.ArrayList<>();
            for (var item : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("items")) {
                if (item.path("action").asText().equals("WEBSOCKET update")) {
                    refused.add(item.path("actor").asText() + " " + item.path("workspace").asText() + " " + item.path("path").asText()
                            + " " + item.path("status").asInt() + " " + item.path("requestId").asText());
                }
            }
        } while (refused.isEmpty() && System.nanoTime() < deadline && sleep(50));
        Thread.sleep(200);
        assertEquals(List.of(viewer + " " + document.substring(0, document.indexOf('/')) + " " + document + " 403 " + handshakeRequestId),
                refused, "the entry names the handshake's request id, which its 'websocket' log line carries");
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void anEditorsUpdateIsAcknowledgedOnceStoredAndReachesTheOtherClient() throws Exception {
        String editor = Tokens.token("ann", "acme", "editor");
        try (SyncClient ann = SyncClient.hocuspocus(port); SyncClient bob = SyncClient.hocuspocus(port); Doc doc = new Doc()) {
            assertEquals("", text(join(ann, "team/review.pstudio", editor)));
            assertEquals("", text(join(bob, "team/review.pstudio", Tokens.token("bob", "acme", "editor"))));
            byte[] update = doc.text("source").insert(0, "Summarize {{ text }}");
            ann.send(sync("team/review.pstudio", new SyncMessage.Update(update)));
            assertEquals(new SyncStatus(true), ann.awaitBody(SyncStatus.class));
            SyncMessage received = ((Sync) bob.awaitBody(Sync.class)).message();
            assertEquals("Summarize {{ text }}", text(assertInstanceOf(SyncMessage.Update.class, received).update()));
        }
        try (SyncClient late = SyncClient.hocuspocus(port)) {
            assertEquals("Summarize {{ text }}", text(join(late, "team/review.pstudio", editor)), "a late joiner gets the stored state");
        }
    }

    @Test
    void aViewerReceivesUpdatesButItsWritesAreRefusedAndNeverBroadcast() throws Exception {
        try (SyncClient editor = SyncClient.hocuspocus(port); SyncClient viewer = SyncClient.hocuspocus(port, "viewer-handshake-1");
                Doc editorDoc = new Doc(); Doc viewerDoc = new Doc()) {
            join(editor, "team/doc", Tokens.token("ann", "acme", "editor"));
            viewer.send(token("team/doc", Tokens.token("vic", "acme", "viewer")));
            assertEquals(new Authenticated("readonly"), viewer.nextHocuspocus().body());
            viewer.send(sync("team/doc", new SyncMessage.Step1(new byte[] {0})));
            viewer.awaitBody(Sync.class);
            viewer.awaitBody(Sync.class);
            viewer.send(sync("team/doc", new SyncMessage.Update(viewerDoc.text("source").insert(0, "vandal"))));
            assertEquals(new SyncStatus(false), viewer.awaitBody(SyncStatus.class));
            editor.send(sync("team/doc", new SyncMessage.Update(editorDoc.text("source").insert(0, "ok"))));
            editor.awaitBody(SyncStatus.class);
            SyncMessage toViewer = ((Sync) viewer.awaitBody(Sync.class)).message();
            assertEquals("ok", text(((SyncMessage.Update) toViewer).update()));
            assertNull(editor.poll(300), "the viewer's write was never broadcast");
            viewer.send(sync("team/doc", new SyncMessage.Update(viewerDoc.text("source").insert(0, "again"))));
            assertEquals(new SyncStatus(false), viewer.awaitBody(SyncStatus.class));
            assertRefusedWriteAuditedOnce("vic", "team/doc", "viewer-handshake-1");
        }
        try (SyncClient check = SyncClient.hocuspocus(port)) {
            assertEquals("ok", text(join(check, "team/doc", Tokens.token("ann", "acme", "editor"))));
        }
    }

    @Test
    void aRefusedTokenIsLoggedWithTheReasonAndTheHandshakesRequestIdButNotTheToken() throws Exception {
        String wrongKey = Tokens.token("another-secret-of-at-least-32-bytes!!", "ann", "acme", "editor", Map.of(),
                Instant.now().plusSeconds(600));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (SyncClient client = SyncClient.hocuspocus(port, "refused-token-7")) {
            client.send(token("team/doc", wrongKey));
            assertInstanceOf(PermissionDenied.class, client.nextHocuspocus().body());
        } finally {
            root.detachAppender(logged);
        }
        List<ILoggingEvent> refusals = logged.list.stream()
                .filter(event -> event.getFormattedMessage().equals("token refused")).toList();
        assertEquals(1, refusals.size(), logged.list.toString());
        Map<String, Object> fields = new java.util.HashMap<>();
        refusals.get(0).getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
        assertEquals("refused-token-7", fields.get("requestId"), fields.toString());
        assertTrue(String.valueOf(fields.get("reason")).contains("signature does not match"), fields.toString());
        for (var event : logged.list) {
            String line = event.getFormattedMessage() + " " + event.getKeyValuePairs();
            assertTrue(!line.contains(wrongKey) && !line.contains(wrongKey.substring(wrongKey.lastIndexOf('.') + 1)),
                    "no log line holds the token or its signature: " + line);
        }
    }

    @Test
    void refusedTokensGetPermissionDeniedWithTheReason() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        String expired = Tokens.token(Tokens.SECRET, "ann", "acme", "editor", Map.of(), hourAgo);
        String wrongKey = Tokens.token("another-secret-of-at-least-32-bytes!!", "ann", "acme", "editor", Map.of(),
                Instant.now().plusSeconds(600));
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"ann\",\"tenant\":\"acme\",\"role\":\"owner\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        String unsigned = header + "." + body + ".";
        String noTenant = Tokens.sign(Tokens.SECRET, new JWTClaimsSet.Builder().subject("ann")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        Map<String, String> expected = Map.of(expired, "expired", wrongKey, "signature does not match", unsigned, "not a signed JWT",
                noTenant, "tenant", "", "no token");
        for (var entry : expected.entrySet()) {
            try (SyncClient client = SyncClient.hocuspocus(port)) {
                client.send(token("team/doc", entry.getKey()));
                PermissionDenied denied = assertInstanceOf(PermissionDenied.class, client.nextHocuspocus().body());
                assertTrue(denied.reason().contains(entry.getValue()), denied.reason());
                client.send(sync("team/doc", new SyncMessage.Step1(new byte[] {0})));
                assertNull(client.poll(200), "nothing is served on a refused document");
            }
        }
        assertTrue(server.metrics().prometheusText().contains("promptstudio_auth_failures_total 5"), server.metrics().prometheusText());
    }

    @Test
    void namesResolveInTheCallersTenantSoAnotherTenantsDocumentIsNeverSeen() throws Exception {
        try (SyncClient acme = SyncClient.hocuspocus(port); Doc doc = new Doc()) {
            join(acme, "team/secret", Tokens.token("ann", "acme", "editor"));
            acme.send(sync("team/secret", new SyncMessage.Update(doc.text("source").insert(0, "acme's secret"))));
            acme.awaitBody(SyncStatus.class);
        }
        try (SyncClient intruder = SyncClient.hocuspocus(port)) {
            assertEquals("", text(join(intruder, "team/secret", Tokens.token("eve", "evil", "editor"))),
                    "the same name in tenant 'evil' is another (new) document");
        }
        try (SyncClient viewer = SyncClient.hocuspocus(port)) {
            viewer.send(token("other/secret", Tokens.token("eve", "evil", "viewer")));
            PermissionDenied denied = assertInstanceOf(PermissionDenied.class, viewer.nextHocuspocus().body());
            assertEquals("document other/secret not found", denied.reason());
        }
        try (SyncClient stranger = SyncClient.hocuspocus(port)) {
            stranger.send(token("team/secret", Tokens.token(Tokens.SECRET, "sam", "acme", null, Map.of("elsewhere", "owner"), Instant.now().plusSeconds(600))));
            PermissionDenied denied = assertInstanceOf(PermissionDenied.class, stranger.nextHocuspocus().body());
            assertEquals("document team/secret not found", denied.reason(), "no role in the workspace reads as not found");
        }
    }

    @Test
    void malformedFramesCloseTheConnectionNamingTheProblem() throws Exception {
        byte[][] bad = {
            {5, 't', 'e'},
            {1, 'd', 0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
            {1, 'd', 42},
        };
        for (byte[] frame : bad) {
            try (SyncClient client = SyncClient.hocuspocus(port)) {
                client.send(frame);
                SyncClient.Closed closed = client.awaitClose();
                assertEquals(1002, closed.code(), closed.toString());
                assertTrue(closed.reason().startsWith("malformed frame"), closed.reason());
            }
        }
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            join(client, "team/doc", Tokens.token("ann", "acme", "editor"));
            client.send(sync("team/doc", new SyncMessage.Update(new byte[] {1, 2, 3, 4, 5})));
            SyncClient.Closed closed = client.awaitClose();
            assertEquals(1002, closed.code());
            assertTrue(closed.reason().contains("not a Yjs update"), closed.reason());
        }
    }

    @Test
    void aStateVectorThatIsNotOneClosesWithTheProtocolErrorCodeNotAnAbort() throws Exception {
        String token = Tokens.token("ann", "acme", "editor");
        // y-websocket: sync (0), step 1 (0), a 3-byte state vector that claims more than it holds
        try (SyncClient client = SyncClient.yjs(port, "team/doc", token)) {
            client.send(new byte[] {0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            SyncClient.Closed closed = client.awaitClose();
            assertEquals(1002, closed.code(), closed.toString());
            assertTrue(closed.reason().startsWith("malformed frame: not a Yjs state vector"), closed.reason());
        }
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            join(client, "team/doc", token);
            client.send(sync("team/doc", new SyncMessage.Step1(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})));
            SyncClient.Closed closed = client.awaitClose();
            assertEquals(1002, closed.code(), closed.toString());
        }
    }

    @Test
    void yWebsocketClientsAndHocuspocusClientsEditTheSameDocument() throws Exception {
        String token = Tokens.token("ann", "acme", "editor");
        try (SyncClient hocuspocus = SyncClient.hocuspocus(port); Doc plainDoc = new Doc()) {
            join(hocuspocus, "team/shared", token);
            try (SyncClient plain = SyncClient.yjs(port, "team/shared", token)) {
                YMessage first = YMessage.decode(plain.next());
                assertInstanceOf(SyncMessage.Step1.class, ((YMessage.Sync) first).message(), "y-websocket servers send step 1 first");
                plain.send(new YMessage.Sync(new SyncMessage.Update(plainDoc.text("source").insert(0, "from y-websocket"))).encode());
                SyncMessage seen = ((Sync) hocuspocus.awaitBody(Sync.class)).message();
                assertEquals("from y-websocket", text(((SyncMessage.Update) seen).update()));
            }
        }
        try (SyncClient noToken = SyncClient.yjs(port, "team/shared", null)) {
            assertEquals(new YMessage.PermissionDenied("no token: send 'Authorization: Bearer <jwt>' or ?token=<jwt>"),
                    YMessage.decode(noToken.next()));
            assertEquals(4401, noToken.awaitClose().code());
        }
        try (SyncClient bearer = SyncClient.yjsWithBearer(port, "team/shared", token)) {
            YMessage.decode(bearer.next());
            bearer.send(new YMessage.Sync(new SyncMessage.Step1(new byte[] {0})).encode());
            YMessage.Sync step2 = (YMessage.Sync) YMessage.decode(bearer.next());
            assertEquals("from y-websocket", text(((SyncMessage.Step2) step2.message()).update()));
        }
    }

    @Test
    void presenceIsRelayedAndRemovedWhenAConnectionDrops() throws Exception {
        String token = Tokens.token("ann", "acme", "editor");
        try (SyncClient watcher = SyncClient.hocuspocus(port)) {
            join(watcher, "team/doc", token);
            SyncClient leaver = SyncClient.hocuspocus(port);
            join(leaver, "team/doc", token);
            byte[] presence = new io.promptstudio.sync.protocol.AwarenessUpdate(List.of(
                    new io.promptstudio.sync.protocol.AwarenessUpdate.Entry(77, 1, "{\"user\":\"lee\"}"))).encode();
            leaver.send(new HocuspocusMessage("team/doc", new HocuspocusMessage.Awareness(presence)));
            var relayed = watcher.awaitBody(HocuspocusMessage.Awareness.class);
            assertEquals("{\"user\":\"lee\"}", io.promptstudio.sync.protocol.AwarenessUpdate.decode(relayed.update()).entries().get(0).stateJson());
            leaver.close();
            var removal = watcher.awaitBody(HocuspocusMessage.Awareness.class);
            var entry = io.promptstudio.sync.protocol.AwarenessUpdate.decode(removal.update()).entries().get(0);
            assertEquals(77, entry.clientId());
            assertTrue(entry.removed(), "the dropped connection's client is removed: " + entry);
        }
    }

    @Test
    void aRestartRestoresEveryDocumentFromDisk() throws Exception {
        String token = Tokens.token("ann", "acme", "editor");
        try (SyncClient client = SyncClient.hocuspocus(port); Doc doc = new Doc()) {
            join(client, "team/doc", token);
            appendLines(client, doc, 20);
        }
        server.stop();
        port = startServer();
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            String text = text(join(client, "team/doc", token));
            assertTrue(text.startsWith("line 0\n") && text.endsWith("line 19\n"), text);
        }
    }

    private static final String ADMIN_TOKEN = "administrator-credential-".repeat(2);

    @Test
    void anOnlineBackupIsADataFolderAServerStartsFromWithEverythingAcknowledgedBeforeIt(@TempDir Path backups) throws Exception {
        server.stop();
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withJwt(null, null, null).withAdministration(ADMIN_TOKEN, backups));
        port = server.start();
        String token = Tokens.token("ann", "acme", "editor");
        Path folder = backups.resolve("monday");
        String atBackup;
        try (SyncClient client = SyncClient.hocuspocus(port); Doc doc = new Doc()) {
            join(client, "team/doc", token);
            appendLines(client, doc, 20);
            atBackup = doc.text("source").toString();
            var answer = backup(ADMIN_TOKEN, "{\"directory\":\"monday\"}");
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"files\":") && answer.body().contains(folder.toString()), answer.body());
            // edits after the backup go on as usual, and are not in it
            client.send(sync("team/doc", new SyncMessage.Update(doc.text("source").insert(0, "after\n"))));
            assertEquals(new SyncStatus(true), client.awaitBody(SyncStatus.class));

            assertEquals(409, backup(ADMIN_TOKEN, "{\"directory\":\"" + folder + "\"}").statusCode(), "a folder that is not empty is refused");
            assertEquals(400, backup(ADMIN_TOKEN, "{\"folder\":\"x\"}").statusCode());
        }
        server.stop();
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, folder, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withJwt(null, null, null));
        port = server.start();
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            assertEquals(atBackup, text(join(client, "team/doc", token)), "the backup holds the document as it was acknowledged");
        }
    }

    @Test
    void aBackupIsTheAdministratorsAloneStaysInsideTheBackupFolderIsPrivateAndIsAudited(@TempDir Path root) throws Exception {
        Path backups = root.resolve("backups");
        server.stop();
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withJwt(null, null, null).withAdministration(ADMIN_TOKEN, backups));
        port = server.start();
        String owner = Tokens.token("olga", "acme", "owner");

        var refused = backup(owner, "{\"directory\":\"" + root.resolve("stolen") + "\"}");
        assertEquals(403, refused.statusCode(), "a tenant's owner (on a loopback connection) makes no backup");
        assertTrue(refused.body().contains("needs the server administrator's credential") && refused.body().contains("no tenant role grants"),
                refused.body());
        assertEquals(403, backup(Tokens.token("ann", "acme", "editor"), "{\"directory\":\"x\"}").statusCode());
        assertEquals(403, backup(ADMIN_TOKEN + "x", "{\"directory\":\"x\"}").statusCode());
        assertEquals(400, backup(ADMIN_TOKEN, "{\"directory\":\"" + root.resolve("outside") + "\"}").statusCode(), "absolute, outside the root");
        assertEquals(400, backup(ADMIN_TOKEN, "{\"directory\":\"../escape\"}").statusCode());
        assertTrue(java.nio.file.Files.notExists(root.resolve("stolen")) && java.nio.file.Files.notExists(root.resolve("outside"))
                && java.nio.file.Files.notExists(root.resolve("escape")));

        assertEquals(200, backup(ADMIN_TOKEN, "{\"directory\":\"nightly/2026-12-07\"}").statusCode());
        Path made = backups.resolve("nightly/2026-12-07");
        List<Path> everything;
        try (var walk = java.nio.file.Files.walk(backups)) {
            everything = walk.toList();
        }
        assertTrue(everything.stream().anyMatch(java.nio.file.Files::isRegularFile), everything.toString());
        for (Path path : everything) {
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(path));
            assertEquals(java.nio.file.Files.isDirectory(path) ? "rwx------" : "rw-------", mode, path.toString());
        }
        assertTrue(java.nio.file.Files.isDirectory(made.resolve("logs")));

        server.stop();
        try (var store = io.promptstudio.sync.storage.H2DocumentStore.open(data, java.time.Clock.systemUTC(), false)) {
            var entries = store.audit("_server", null, Long.MAX_VALUE, 10);
            assertEquals(1, entries.size(), entries.toString());
            assertEquals("server-administrator", entries.get(0).actor());
            assertEquals(200, entries.get(0).status());
            assertEquals(made.toString(), entries.get(0).path());
            var tenant = store.audit("acme", null, Long.MAX_VALUE, 10);
            assertTrue(tenant.stream().anyMatch(entry -> entry.actor().equals("olga") && entry.status() == 403), tenant.toString());
        }
        port = startServer();
    }

    /** Appends {@code count} lines to team/doc's text, one update each, and waits until every one is acknowledged. */
    private static void appendLines(SyncClient client, Doc doc, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            client.send(sync("team/doc", new SyncMessage.Update(doc.text("source").insert(doc.text("source").toString().length(), "line " + i + "\n"))));
        }
        for (int i = 0; i < count; i++) {
            assertEquals(new SyncStatus(true), client.awaitBody(SyncStatus.class));
        }
    }

    private java.net.http.HttpResponse<String> backup(String token, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/backup"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
