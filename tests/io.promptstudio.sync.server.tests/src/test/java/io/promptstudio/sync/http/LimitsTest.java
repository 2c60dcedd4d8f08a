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
            try {
                for (int i = 0; i < 60 && !client.isClosed(); i++) {
                    client.send(new HocuspocusMessage("team/doc", new HocuspocusMessage.QueryAwareness()));
                }
            } catch (RuntimeException closedWhileSending) {
                // The server's close frame can arrive between the check and the send; the client's output is then shut.
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

    private SyncServer tight(Path folder, int connectionsPerTenant, int connectionsPerIp, long pendingBytes) throws Exception {
        Limits limits = new Limits(100, 64L * 1024 * 1024, connectionsPerTenant, connectionsPerIp, 10_000, 10_000, 4 * 1024 * 1024, pendingBytes);
        SyncServer other = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, folder, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withLimits(limits));
        other.start();
        return other;
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndTheWriterIsNotHeldUp(@TempDir Path folder) throws Exception {
        SyncServer other = tight(folder, 100, 100, 512 * 1024);
        int otherPort = port(other);
        try (SyncClient writer = SyncClient.hocuspocus(otherPort); SyncClient stalled = SyncClient.stalledHocuspocus(otherPort); Doc doc = new Doc()) {
            stalled.send(new HocuspocusMessage("team/doc", new HocuspocusMessage.Token(token, null)));
            join(writer, "team/doc");
            String chunk = "y".repeat(64 * 1024);
            for (int i = 0; i < 160; i++) {
                writer.send(new HocuspocusMessage("team/doc", new HocuspocusMessage.Sync(new SyncMessage.Update(
                        doc.text("source").insert(0, chunk)))));
                assertInstanceOf(HocuspocusMessage.SyncStatus.class, writer.awaitBody(HocuspocusMessage.SyncStatus.class));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!other.metrics().prometheusText().contains("promptstudio_slow_clients_closed_total 1") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(other.metrics().prometheusText().contains("promptstudio_slow_clients_closed_total 1"), other.metrics().prometheusText());
        } finally {
            other.stop();
        }
    }

    @Test
    void connectionsAreBoundedPerTenantAndPerAddress(@TempDir Path folder) throws Exception {
        SyncServer other = tight(folder, 2, 3, 16L * 1024 * 1024);
        int otherPort = port(other);
        try (SyncClient first = SyncClient.hocuspocus(otherPort); SyncClient second = SyncClient.hocuspocus(otherPort);
                SyncClient third = SyncClient.hocuspocus(otherPort)) {
            join(first, "team/a");
            join(second, "team/b");
            third.send(new HocuspocusMessage("team/c", new HocuspocusMessage.Token(token, null)));
            assertEquals("the tenant has its limit of 2 connections",
                    assertInstanceOf(HocuspocusMessage.PermissionDenied.class, third.nextHocuspocus().body()).reason());
            third.send(new HocuspocusMessage("team/c", new HocuspocusMessage.Token(Tokens.token("eve", "other", "editor"), null)));
            assertInstanceOf(HocuspocusMessage.Authenticated.class, third.nextHocuspocus().body(), "another tenant is not counted");
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> SyncClient.hocuspocus(otherPort));
            java.net.http.WebSocketHandshakeException handshake = assertInstanceOf(java.net.http.WebSocketHandshakeException.class, refused.getCause());
            assertEquals(429, handshake.getResponse().statusCode(), "the fourth connection from one address is refused");
        } finally {
            other.stop();
        }
    }

    private static int port(SyncServer server) {
        return server.port();
    }
}
