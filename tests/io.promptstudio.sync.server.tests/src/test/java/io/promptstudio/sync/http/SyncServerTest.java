package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on a loopback port chosen by the OS. */
class SyncServerTest {

    @TempDir
    Path data;

    private SyncServer server;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theDefaultNetworkThreadsAreHalfTheCoresAndAtLeastOne() {
        assertEquals(1, SyncServer.defaultIoThreads(1));
        assertEquals(1, SyncServer.defaultIoThreads(2));
        assertEquals(1, SyncServer.defaultIoThreads(3));
        assertEquals(4, SyncServer.defaultIoThreads(8));
    }

    @BeforeEach
    void start() throws Exception {
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, "secret", List.of(), Duration.ofSeconds(1)));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadyAnswerOverTheNetwork() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        HttpResponse<String> ready = get("/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"status\":\"READY\""), ready.body());
    }

    @Test
    void garbageOnTheWireGetsA400AndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("\u0000\u0001 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request"), reply);
            assertTrue(reply.contains("\"code\":\"BAD_REQUEST\""), reply);
        }
        assertEquals(200, get("/health").statusCode(), "the server keeps serving others");
    }

    @Test
    void anOversizedBodyIsRefusedWithoutBringingTheServerDown() throws Exception {
        byte[] big = new byte[HttpServerInitializer.MAX_REQUEST_BYTES + 1];
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void afterStopThePortIsClosedAndStopIsIdempotent() throws Exception {
        server.stop();
        server.stop();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void startingTwiceIsRefused() {
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void aPortInUseFailsToStartWithTheCause(@TempDir Path otherData) throws IOException {
        SyncServer second = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", port, otherData, "s", List.of(), Duration.ZERO));
        Exception error = assertThrows(Exception.class, second::start);
        assertTrue(error.getMessage().contains("Address already in use"), error.getMessage());
    }
}
