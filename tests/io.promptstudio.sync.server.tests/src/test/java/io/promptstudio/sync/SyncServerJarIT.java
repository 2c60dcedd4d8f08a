package io.promptstudio.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as an operator runs it: {@code java -jar}, environment variables, SIGTERM. */
class SyncServerJarIT {

    private static final Pattern PORT = Pattern.compile("\"port\"\\s*:\\s*\"?(\\d+)");

    @TempDir
    Path temp;

    private ProcessBuilder server(String... environment) {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("promptstudio.server.jar"));
        builder.environment().keySet().removeIf(key -> key.startsWith("PROMPTSTUDIO_"));
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        return builder.redirectErrorStream(true);
    }

    /** Reads the log until the server says it listens; returns the port. */
    private static int listening(BufferedReader reader, List<String> lines) throws java.io.IOException {
        for (String line; (line = reader.readLine()) != null;) {
            lines.add(line);
            Matcher matcher = PORT.matcher(line);
            if (line.contains("\"listening\"") && matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        return -1;
    }

    @Test
    void answersHealthAndStopsCleanlyOnSigterm() throws Exception {
        Process process = server("PROMPTSTUDIO_PORT", "0", "PROMPTSTUDIO_DATA_DIR", temp.toString()).start();
        List<String> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = listening(reader, lines);
        assertTrue(port > 0, "the server logs the port it listens on: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{") && l.contains("\"level\":\"INFO\"")), "logs are JSON lines: " + lines);
        String devToken = null;
        for (String line; devToken == null && (line = reader.readLine()) != null;) {
            lines.add(line);
            if (line.strip().startsWith("export PROMPTSTUDIO_TOKEN=")) {
                devToken = line.strip().substring("export PROMPTSTUDIO_TOKEN=".length());
            }
        }
        assertTrue(devToken != null, "the dev profile prints a token to use: " + lines);
        CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> reader.lines().toList());
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces"))
                .header("Authorization", "Bearer " + devToken).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "the printed dev token is accepted");

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"version\":\"" + System.getProperty("promptstudio.expectedVersion") + "\""),
                health.body());

        // kill(1), not Process.destroy(): destroy() also closes our end of the log stream.
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the server");
        assertEquals(143, process.exitValue(), "the JVM exits by SIGTERM, after its shutdown hook");
        List<String> after = rest.get(10, TimeUnit.SECONDS);
        assertTrue(after.stream().anyMatch(l -> l.contains("\"message\":\"stopped\"")), "shutdown is logged: " + after);
    }

    @Test
    void aSecondServerOnTheSameDataFolderExitsSayingItIsInUse() throws Exception {
        Process first = server("PROMPTSTUDIO_PORT", "0", "PROMPTSTUDIO_DATA_DIR", temp.toString()).start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            assertTrue(listening(reader, lines) > 0, "the first server starts: " + lines);
            CompletableFuture.runAsync(() -> reader.lines().forEach(line -> { }));
            Process second = server("PROMPTSTUDIO_PORT", "0", "PROMPTSTUDIO_DATA_DIR", temp.toString()).start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second server gives up");
            String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), output);
            Path database = temp.toAbsolutePath().resolve("promptstudio-sync.mv.db");
            assertTrue(output.contains("promptstudio-sync-server: cannot open the data folder " + temp + ": the database "
                    + database + " is open in another process (another sync server on this data folder?); one server per"
                    + " data folder"), output);
            assertTrue(first.isAlive(), "the first server is untouched");
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void prodWithoutSecretExitsNonZeroNamingTheSetting() throws Exception {
        Process process = server("PROMPTSTUDIO_PROFILE", "prod", "PROMPTSTUDIO_DATA_DIR", temp.toString()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(78, process.exitValue(), output);
        assertTrue(output.contains("cannot start, the configuration has 1 problem:"), output);
        assertTrue(output.contains("PROMPTSTUDIO_JWT_SECRET (or 'jwt-secret' in the config file) (or PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE) is required in the prod profile"), output);
    }
}
