package io.promptstudio.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import io.promptstudio.dsl.check.SchemaFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schema validation for {@code jsonSchemaValid}, by networknt's validator: the draft the schema's {@code $schema}
 * names, else 2020-12. Schemas are read once per file and run.
 */
final class JsonSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, JsonSchema> READ = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** Whether the value is valid: a text is read as JSON first (a text that is not JSON is not valid). */
    static boolean valid(Object value, Path schemaFile) {
        JsonNode node;
        if (value instanceof String text) {
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return false;
            }
        } else {
            node = JSON.valueToTree(value);
        }
        return node != null && schema(schemaFile).validate(node).isEmpty();
    }

    private static JsonSchema schema(Path file) {
        return READ.computeIfAbsent(file, path -> {
            String problem = SchemaFiles.problem(path);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            try {
                JsonNode schema = JSON.readTree(path.toFile());
                SpecVersion.VersionFlag version = schema.isObject() ? SpecVersionDetector.detectOptionalVersion(schema, false)
                        .orElse(SpecVersion.VersionFlag.V202012) : SpecVersion.VersionFlag.V202012;
                return JsonSchemaFactory.getInstance(version).getSchema(schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
