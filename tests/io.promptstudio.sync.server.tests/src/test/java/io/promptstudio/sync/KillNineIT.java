package io.promptstudio.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.testing.SyncClient;
import io.promptstudio.sync.testing.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durability: a client writes continuously, the server process is killed with SIGKILL (no shutdown hook, no
 * flush), restarted on the same data folder, and every update it had acknowledged is there.
 */
class KillNineIT {

    private static final Pattern PORT = Pattern.compile("\"port\"\\s*:\\s*\"?(\\d+)");
    private static final String DOCUMENT = "team/journal";

    @TempDir
    Path data;

    private record Server(Process process, int port) {
    }

    private Server start(boolean fsync) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("promptstudio.server.jar"));
        builder.environment().keySet().removeIf(key -> key.startsWith("PROMPTSTUDIO_"));
        builder.environment().put("PROMPTSTUDIO_PORT", "0");
        builder.environment().put("PROMPTSTUDIO_DATA_DIR", data.toString());
        builder.environment().put("PROMPTSTUDIO_JWT_SECRET", Tokens.SECRET);
        builder.environment().put("PROMPTSTUDIO_MESSAGES_PER_SECOND", "100000");
        builder.environment().put("PROMPTSTUDIO_FSYNC", Boolean.toString(fsync));
        Process process = builder.redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null;) {
            Matcher matcher = PORT.matcher(line);
            if (line.contains("\"listening\"") && matcher.find()) {
                Thread.ofVirtual().start(() -> drain(reader));
                return new Server(process, Integer.parseInt(matcher.group(1)));
            }
        }
        throw new AssertionError("the server did not start");
    }

    /** Reads the server's output until it ends; killing the process closes the stream under the reader. */
    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // only read, so that a full pipe never blocks the server
            }
        } catch (java.io.IOException closed) {
            // the process was killed: nothing more to read
        }
    }

    private static void join(SyncClient client, String token) throws Exception {
        client.send(new HocuspocusMessage(DOCUMENT, new HocuspocusMessage.Token(token, "4.8.0")));
        assertInstanceOf(HocuspocusMessage.Authenticated.class, client.nextHocuspocus().body());
        client.send(new HocuspocusMessage(DOCUMENT, new HocuspocusMessage.Sync(new SyncMessage.Step1(new byte[] {0}))));
    }

    /** Both ways of writing: on the network thread (the default) and group commits forced to the disk (fsync). */
    @ParameterizedTest(name = "fsync={0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedUpdateSurvivesSigkill(boolean fsync) throws Exception {
        String token = Tokens.token("ann", "acme", "editor");
        Server server = start(fsync);
        int sent = 0;
        int acknowledged = 0;
        StringBuilder expected = new StringBuilder();
        try (SyncClient client = SyncClient.hocuspocus(server.port()); Doc doc = new Doc()) {
            join(client, token);
            long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < killAt || acknowledged < 50) {
                String entry = sent + ",";
                byte[] update = doc.text("source").insert(expected.length(), entry);
                expected.append(entry);
                client.send(new HocuspocusMessage(DOCUMENT, new HocuspocusMessage.Sync(new SyncMessage.Update(update))));
                sent++;
                for (byte[] frame; (frame = client.poll(sent % 10 == 0 ? 1 : 0)) != null;) {
                    if (!HocuspocusMessage.isKeepAlive(frame)
                            && HocuspocusMessage.decode(frame).body() instanceof HocuspocusMessage.SyncStatus status && status.synced()) {
                        acknowledged++;
                    }
                }
                if (System.nanoTime() > killAt + TimeUnit.SECONDS.toNanos(20)) {
                    throw new AssertionError("only " + acknowledged + " of " + sent + " updates acknowledged");
                }
            }
            // Writes are still going out when the process dies: the kill lands mid-stream.
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(server.process().pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            for (int i = 0; i < 50 && client.isClosed() == false; i++) {
                String entry = sent + ",";
                expected.append(entry);
                try {
                    client.send(new HocuspocusMessage(DOCUMENT, new HocuspocusMessage.Sync(new SyncMessage.Update(
                            doc.text("source").insert(expected.length() - entry.length(), entry)))));
                } catch (RuntimeException closed) {
                    break;
                }
                sent++;
            }
        }
        assertTrue(server.process().waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, server.process().exitValue(), "killed by SIGKILL");

        Server restarted = start(fsync);
        try (SyncClient client = SyncClient.hocuspocus(restarted.port())) {
            join(client, token);
            SyncMessage step1 = ((HocuspocusMessage.Sync) client.awaitBody(HocuspocusMessage.Sync.class)).message();
            assertInstanceOf(SyncMessage.Step1.class, step1);
            byte[] state = ((SyncMessage.Step2) ((HocuspocusMessage.Sync) client.awaitBody(HocuspocusMessage.Sync.class)).message()).update();
            String stored;
            try (Doc check = new Doc()) {
                check.applyUpdate(state);
                stored = check.text("source").toString();
            }
            StringBuilder acknowledgedText = new StringBuilder();
            for (int i = 0; i < acknowledged; i++) {
                acknowledgedText.append(i).append(',');
            }
            assertTrue(stored.startsWith(acknowledgedText.toString()), "all " + acknowledged + " acknowledged updates (of " + sent
                    + " sent) are stored; stored " + stored.split(",").length + " entries");
            assertTrue(expected.toString().startsWith(stored), "nothing but what was sent is stored");
            System.out.println("kill -9 (fsync=" + fsync + "): " + sent + " sent, " + acknowledged + " acknowledged, "
                    + (stored.isEmpty() ? 0 : stored.split(",").length) + " stored after restart");
        } finally {
            restarted.process().destroy();
            restarted.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
