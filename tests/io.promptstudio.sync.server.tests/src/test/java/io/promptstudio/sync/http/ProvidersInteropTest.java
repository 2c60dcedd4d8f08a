package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.testing.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The providers from npm, unchanged — {@code @hocuspocus/provider} 4.8 and {@code y-websocket} 3.1 in Node
 * ({@code tests/yjs-interop/providers.mjs}) — co-edit through our server, see presence, and converge again after
 * the server restarts under them with an edit made while it was down.
 */
class ProvidersInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private SyncServer start(int port) throws Exception {
        SyncServer server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", port, data, Tokens.SECRET, List.of(),
                Duration.ofSeconds(1)));
        server.start();
        return server;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hocuspocusAndYWebsocketProvidersCoEditAndSurviveARestart() throws Exception {
        Path folder = Path.of(System.getProperty("promptstudio.root", "../..")).resolve("tests/yjs-interop");
        if (!Files.isDirectory(folder.resolve("node_modules/@hocuspocus/provider"))) {
            throw new IllegalStateException("the providers are not installed in " + folder + ": run 'npm ci' there (./studio test does)");
        }
        SyncServer server = new SyncServer(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, Tokens.SECRET, List.of(), Duration.ofSeconds(1)));
        int port = server.start();
        Process node = new ProcessBuilder("node", "providers.mjs", Integer.toString(port), Tokens.token("ann", "acme", "editor"))
                .directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            JsonNode synced = next(out);
            assertEquals("synced", synced.get("event").asText(), synced.toString());
            assertEquals("read-write", synced.get("scope").asText());
            JsonNode edited = next(out);
            assertEquals("edited", edited.get("event").asText(), edited.toString());
            assertEquals("one two", edited.get("text").asText());
            server.stop();
            JsonNode offline = next(out);
            assertEquals("offline-edit", offline.get("event").asText(), offline.toString());
            server = start(port);
            in.write("restarted\n");
            in.flush();
            JsonNode converged = next(out);
            assertEquals("converged", converged.get("event").asText(), converged.toString());
            assertEquals("offline one two", converged.get("textA").asText());
            assertEquals("offline one two", converged.get("textB").asText());
            assertTrue(converged.get("sameStateVector").asBoolean());
            assertTrue(node.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, node.exitValue());
        } finally {
            node.destroyForcibly();
            server.stop();
        }
    }

    private static JsonNode next(BufferedReader out) throws Exception {
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the Node providers ended without a result");
        }
        return JSON.readTree(line);
    }
}
