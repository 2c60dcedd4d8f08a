package io.promptstudio.tests.support.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A model that always answers in shape: the smallest value of the JSON Schema a chat request sends as its
 * {@code response_format}, as a provider's structured mode would return it — every required property, the first
 * choice of an enum or union, a number at its minimum, a list of its fewest items (at least one). For running suites
 * end to end where what matters is that every step of the path works, not what a model would say.
 */
public final class SchemaAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaAnswers() {
    }

    /** The answer to an OpenAI chat request: a value of its schema, or a short text when it asks for none. */
    public static String answer(JsonNode request) {
        JsonNode schema = request.path("response_format").path("json_schema").path("schema");
        if (schema.isMissingNode()) {
            return "An answer.";
        }
        try {
            return JSON.writeValueAsString(instance(schema, schema, 0));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode instance(JsonNode schema, JsonNode root, int depth) {
        if (schema.has("$ref")) {
            JsonNode target = root.at(schema.get("$ref").asText().substring(1));
            return depth > 8 ? NODES.nullNode() : instance(target, root, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        for (String choice : new String[] {"anyOf", "oneOf"}) {
            if (schema.has(choice)) {
                return instance(schema.get(choice).get(0), root, depth + 1);
            }
        }
        JsonNode type = schema.path("type");
        String kind = type.isArray() ? firstNotNull(type) : type.asText("object");
        switch (kind) {
            case "string" -> {
                return NODES.textNode(schema.has("pattern") ? "A1" : "text");
            }
            case "integer" -> {
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1);
            }
            case "number" -> {
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asDouble() : 1.0);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            case "null" -> {
                return NODES.nullNode();
            }
            case "array" -> {
                ArrayNode items = NODES.arrayNode();
                int count = Math.max(1, schema.path("minItems").asInt(1));
                for (int i = 0; i < count; i++) {
                    items.add(instance(schema.path("items"), root, depth + 1));
                }
                return items;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
                while (properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    object.set(property.getKey(), instance(property.getValue(), root, depth + 1));
                }
                return object;
            }
        }
    }

    private static String firstNotNull(JsonNode types) {
        for (JsonNode type : types) {
            if (!type.asText().equals("null")) {
                return type.asText();
            }
        }
        return "null";
    }
}
