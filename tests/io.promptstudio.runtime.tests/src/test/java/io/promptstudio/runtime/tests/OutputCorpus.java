package io.promptstudio.runtime.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The structured-output corpus (src/test/resources/output-corpus, written by its generate.py). */
final class OutputCorpus {

    static final ObjectMapper JSON = new ObjectMapper();

    record Case(String id, String schema, String shape, String answer, JsonNode expected, String error) {
    }

    private OutputCorpus() {
    }

    static JsonNode schemas() {
        return read("schemas.json", stream -> JSON.readTree(stream));
    }

    static List<Case> cases() {
        return read("corpus.jsonl", stream -> {
            List<Case> cases = new ArrayList<>();
            for (String line : new String(stream.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                cases.add(new Case(node.get("id").asText(), node.get("schema").asText(), node.get("shape").asText(),
                        node.get("answer").asText(), node.get("expected"), node.has("error") ? node.get("error").asText() : null));
            }
            return cases;
        });
    }

    private interface Reader<T> {
        T read(InputStream stream) throws IOException;
    }

    private static <T> T read(String name, Reader<T> reader) {
        try (InputStream stream = OutputCorpus.class.getResourceAsStream("/output-corpus/" + name)) {
            return reader.read(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
