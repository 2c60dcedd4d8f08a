package io.promptstudio.crdt.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/** A real Yjs document in Node ({@code tests/yjs-interop/peer.mjs}), driven over its stdin and stdout. */
final class YjsPeer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    YjsPeer(long clientId) throws IOException {
        Path folder = Path.of(System.getProperty("promptstudio.root", ".")).resolve("tests/yjs-interop");
        if (!Files.isDirectory(folder.resolve("node_modules/yjs"))) {
            throw new IllegalStateException("Yjs is not installed in " + folder + ": run 'npm ci' there (./studio test does)");
        }
        process = new ProcessBuilder("node", "peer.mjs", Long.toString(clientId)).directory(folder.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode call(ObjectNode command) throws IOException {
        in.write(JSON.writeValueAsString(command) + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the Yjs peer exited");
        }
        JsonNode answer = JSON.readTree(line);
        if (answer.has("error")) {
            throw new IllegalStateException("Yjs: " + answer.get("error").asText() + " for " + command);
        }
        return answer;
    }

    ObjectNode command(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    /** The update a change made, or null when it changed nothing. */
    byte[] update(JsonNode answer) {
        return answer.path("update").isTextual() ? HexFormat.of().parseHex(answer.get("update").asText()) : null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }
}
