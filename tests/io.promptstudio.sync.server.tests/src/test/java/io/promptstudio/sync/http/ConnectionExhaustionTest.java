package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.Limits;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.testing.SyncClient;
import io.promptstudio.sync.testing.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle, half-open and slow connections cannot take the server down (the outside probe's finding: 20,000 of them took
 * every file handle, and /health stopped answering). Attackers connect from other loopback addresses (127.0.0.2, …)
 * than the real clients (127.0.0.1), as other hosts would.
 */
class ConnectionExhaustionTest {

    private static final int ALL = 300;
    private static final int PER_ADDRESS = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path data;

    private SyncServer server;
    private int port;
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Limits limits = Limits.defaults().withConnections(ALL, PER_ADDRESS, TIMEOUT, TIMEOUT, TIMEOUT);
        server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1))
                .withLimits(limits));
        port = server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.stop();
    }

    private Socket open(String from) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    /** Whether the server has closed this connection: it reads the end of the stream (after any answer). */
    private static boolean closedByServer(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String answer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertARealClientSyncs() throws Exception {
        try (SyncClient client = SyncClient.hocuspocus(port)) {
            client.send(new HocuspocusMessage("team/doc", new HocuspocusMessage.Token(Tokens.token("ann", "acme", "editor"), null)));
            assertInstanceOf(HocuspocusMessage.Authenticated.class, client.nextHocuspocus().body());
        }
    }

    @Test
    void thousandsOfHalfOpenConnectionsFromOneAddressLeaveHealthAndOtherClientsServed() throws Exception {
        for (int i = 0; i < 1_500; i++) {
            Socket socket = open("127.0.0.2");
            if (i % 2 == 0) {
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        long started = System.nanoTime();
        assertEquals(200, get("/health").statusCode());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "/health answered at once");
        assertARealClientSyncs();
        int closedAtOnce = 0;
        for (Socket socket : sockets.subList(PER_ADDRESS + ConnectionGuard.RESERVED_SLOTS, sockets.size())) {
            // well within the header timeout, which would close an admitted one too: a busy server may still be accepting
            closedAtOnce += closedByServer(socket, TIMEOUT.dividedBy(2)) ? 1 : 0;
        }
        assertEquals(sockets.size() - PER_ADDRESS - ConnectionGuard.RESERVED_SLOTS, closedAtOnce,
                "past its share and the reserved slots, an address's connections are closed when they arrive");
        String cutOff = answer(sockets.get(0));
        assertTrue(cutOff.startsWith("HTTP/1.1 408 "), cutOff);
        assertTrue(cutOff.contains("\"code\":\"REQUEST_TIMEOUT\"") && cutOff.toLowerCase(java.util.Locale.ROOT).contains("x-request-id"), cutOff);
        assertTrue(closedByServer(sockets.get(1), TIMEOUT.multipliedBy(3)), "a connection that sends nothing is closed after the header timeout");
    }

    @Test
    void whenManyAddressesFillTheServerHealthIsStillAnsweredAndOtherRequestsAreToldToComeBack() throws Exception {
        for (int address = 3; address < 3 + (ALL / PER_ADDRESS) + 1; address++) {
            for (int i = 0; i < PER_ADDRESS - 10; i++) {
                open("127.0.0." + address);
            }
        }

        assertEquals(200, get("/health").statusCode(), "a reserved slot answers the health check");
        assertEquals(200, get("/ready").statusCode());
        HttpResponse<String> refused = get("/api/v1/workspaces");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"code\":\"SERVICE_UNAVAILABLE\""), refused.body());
        assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.headers().firstValue("X-Request-Id").isPresent());

        for (Socket socket : sockets) {
            assertTrue(closedByServer(socket, TIMEOUT.multipliedBy(3)), "every idle connection is closed by the header timeout");
        }
        assertARealClientSyncs();
    }

    @Test
    void headersSentByteByByteAreCutOffAtTheHeaderBudget() throws Exception {
        Socket socket = open("127.0.0.2");
        OutputStream out = socket.getOutputStream();
        byte[] request = ("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        try {
            for (byte b : request) {
                out.write(b);
                out.flush();
                Thread.sleep(50);
                if (System.nanoTime() - started > TIMEOUT.multipliedBy(4).toNanos()) {
                    break;
                }
            }
        } catch (IOException closedWhileWriting) {
            // the server closed the connection, as it should
        }
        String cutOff = answer(socket);
        assertTrue(cutOff.startsWith("HTTP/1.1 408 "), cutOff);
        assertTrue(System.nanoTime() - started < TIMEOUT.multipliedBy(3).toNanos(), "cut off near the header timeout, however slowly the bytes came");
    }

    @Test
    void aBodyThatDoesNotArriveAndAnIdleKeptAliveConnectionAreClosed() throws Exception {
        Socket slowBody = open("127.0.0.2");
        slowBody.getOutputStream().write(("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"")
                .getBytes(StandardCharsets.US_ASCII));
        String cutOff = answer(slowBody);
        assertTrue(cutOff.startsWith("HTTP/1.1 408 ") && cutOff.contains("its body"), cutOff);

        Socket keptAlive = open("127.0.0.2");
        keptAlive.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        keptAlive.setSoTimeout(5_000);
        byte[] first = new byte[12];
        assertEquals(12, keptAlive.getInputStream().readNBytes(first, 0, 12));
        assertEquals("HTTP/1.1 200", new String(first, StandardCharsets.US_ASCII));
        assertTrue(closedByServer(keptAlive, TIMEOUT.multipliedBy(3)), "a kept-alive connection that asks nothing more is closed");
    }
}
