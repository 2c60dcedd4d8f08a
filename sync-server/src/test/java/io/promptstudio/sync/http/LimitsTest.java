package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import io.promptstudio.sync.Limits;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.testing.SyncClient;
import io.promptstudio.sync.testing.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds that keep one client or tenant from exhausting the server, each with its close code and reason. */
class LimitsTest {

    @TempDir
    Path data;

    private SyncServer server;
    private int port;
    private final String token = Tokens.token("ann", "acme", "editor");

    @BeforeEach
    void start() throws Exception {
        Limits small = new Limits(2, 4096, 100, 100, 20, 20, 64 * 1024, 16L * 1024 * 1024);
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withLimits(small));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void join(SyncClient client, String document) throws Exception {
        client.send(new HocuspocusMessage(document, new HocuspocusMessage.Token(token, null)));
        assertInstanceOf(HocuspocusMessage.Authenticated.class, client.nextHocuspocus().body());
    }

    @Test
    void aFloodOfFramesIsClosedWithTheRateLimitCode() throws Exception {
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            join(client, "team/doc");
            for (int i = 0; i < 60 && !client.isClosed(); i++) {
                client.send(new HocuspocusMessage("team/doc", new HocuspocusMessage.QueryAwareness()));
            }
            SyncClient.Closed closed = client.awaitClose();
            assertEquals(4429, closed.code());
            assertEquals("rate limit: more than 20 messages a second", closed.reason());
        }
    }

    @Test
    void aFrameOverTheMaximumIsClosedAsTooBig() throws Exception {
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            try {
                client.send(new byte[64 * 1024 + 1]);
            } catch (RuntimeException closedWhileSending) {
                // The server may close before the client has finished sending the oversized frame.
            }
            assertEquals(1009, client.awaitClose().code());
        }
    }

    @Test
    void aDocumentCannotGrowPastItsLimitAndATenantPastItsDocumentCount() throws Exception {
        try (SyncClient client = SyncClient.hocuspocus(port); Doc doc = new Doc()) {
            join(client, "team/big");
            client.send(new HocuspocusMessage("team/big", new HocuspocusMessage.Sync(new SyncMessage.Update(
                    doc.text("source").insert(0, "x".repeat(5000))))));
            SyncClient.Closed closed = client.awaitClose();
            assertEquals(4413, closed.code());
            assertTrue(closed.reason().contains("would exceed its limit of 4096 bytes"), closed.reason());
        }
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            join(client, "team/second");
            client.send(new HocuspocusMessage("team/third", new HocuspocusMessage.Token(token, null)));
            HocuspocusMessage.PermissionDenied denied = assertInstanceOf(HocuspocusMessage.PermissionDenied.class, client.awaitBody(HocuspocusMessage.PermissionDenied.class));
            assertEquals("the tenant has its limit of 2 documents", denied.reason());
        }
    }
}
