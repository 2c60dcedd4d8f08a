package io.promptstudio.dsl.check;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON Schema files that assertions name: whether one is there and holds a schema, said with the place when not. */
public final class SchemaFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A schema is a document someone wrote, not data: a larger file is a mistake. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private SchemaFiles() {
    }

    /** Why {@code file} cannot be used as a JSON Schema, or null when it can. */
    public static String problem(Path file) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            return "No JSON Schema file '" + name + "' beside the prompt file";
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                return "The JSON Schema file '" + name + "' is larger than " + MAX_BYTES / (1024 * 1024) + " MB";
            }
            JsonNode schema = JSON.readTree(file.toFile());
            if (schema == null || !(schema.isObject() || schema.isBoolean())) {
                return "'" + name + "' is not a JSON Schema: a schema is a JSON object (or true or false)";
            }
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return "'" + name + "' is not JSON" + (at == null ? "" : " at " + at.getLineNr() + ":" + at.getColumnNr()) + ": " + e.getOriginalMessage();
        } catch (IOException e) {
            return "Cannot read the JSON Schema file '" + name + "': " + e.getMessage();
        }
    }
}
