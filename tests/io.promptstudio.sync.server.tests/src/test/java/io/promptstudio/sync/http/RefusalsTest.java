package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.testing.Tokens;
import java.io.OutputStream;
import java.net.InetAddress;
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
import org.slf4j.LoggerFactory;

/** Refusals below the API answer in the same error shape as the rest, and a client's departure is one log line. */
class RefusalsTest {

    @TempDir
    Path data;

    private SyncServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1)));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aBodyOverTheLimitIsAnsweredWithTheErrorShapeAndTheRequestId() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces"))
                .header("Content-Type", "application/json").header("X-Request-Id", "big-body-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode());
        assertTrue(answer.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\"") && answer.body().contains("\"requestId\":\"big-body-1\""),
                answer.body());
        assertEquals("big-body-1", answer.headers().firstValue("X-Request-Id").orElse(null));
    }

    @Test
    void aClientThatLeavesInTheMiddleOfItsBodyIsOneLineWithoutATrace() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/workspaces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
                socket.setSoLinger(true, 0);
            }
            Thread.sleep(500);
        } finally {
            root.detachAppender(logged);
        }
        assertTrue(logged.list.stream().anyMatch(event -> event.getFormattedMessage().equals("connection closed by the client")),
                logged.list.toString());
        for (ILoggingEvent event : logged.list) {
            assertNull(event.getThrowableProxy(), "no stack trace: " + event.getFormattedMessage());
        }
    }
}
