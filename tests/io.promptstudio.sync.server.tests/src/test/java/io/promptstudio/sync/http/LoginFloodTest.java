package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.testing.Tokens;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of bad logins (each a deliberately slow password check) must not starve the rest of the server: the
 * probe saw /health and REST go from about 3 ms to over a second under 16 concurrent logins. The flood comes from
 * eight loopback addresses, the health checks and REST calls from another, each bounded by a one-second timeout.
 */
class LoginFloodTest {

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

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(1));
    }

    @Test
    void healthAndRestStayAnsweredWhileLoginsFloodAndTheFloodIsRefusedEarly() throws Exception {
        AtomicBoolean flooding = new AtomicBoolean(true);
        Set<Integer> loginStatuses = ConcurrentHashMap.newKeySet();
        AtomicInteger logins = new AtomicInteger();
        ExecutorService attackers = Executors.newFixedThreadPool(32);
        for (int i = 0; i < 32; i++) {
            String address = "127.0.0." + (2 + i % 8);
            attackers.execute(() -> {
                HttpClient client = HttpClient.newBuilder().localAddress(addressOf(address)).build();
                while (flooding.get()) {
                    String body = "{\"tenant\":\"acme\",\"user\":\"u" + System.nanoTime() + "\",\"password\":\"wrong password\"}";
                    try {
                        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/login"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        loginStatuses.add(answer.statusCode());
                        logins.incrementAndGet();
                    } catch (Exception e) {
                        loginStatuses.add(-1);
                    }
                }
            });
        }
        HttpClient client = HttpClient.newHttpClient();
        String token = Tokens.token("olga", "acme", "owner");
        try {
            Thread.sleep(500);
            for (int i = 0; i < 20; i++) {
                assertEquals(200, client.send(request("/health").build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                        "/health answers within a second during the flood");
                assertEquals(200, client.send(request("/api/v1/workspaces").header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "REST answers within a second during the flood");
                Thread.sleep(100);
            }
        } finally {
            flooding.set(false);
            attackers.shutdown();
            assertTrue(attackers.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertTrue(logins.get() > 50, "the flood was answered, not left waiting: " + logins.get());
        assertTrue(Set.of(401, 429, 503).containsAll(loginStatuses), "only refusals, no failures or time-outs: " + loginStatuses);
        assertTrue(loginStatuses.contains(429) || loginStatuses.contains(503), "some of the flood was refused before any check: " + loginStatuses);
    }

    private static InetAddress addressOf(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
