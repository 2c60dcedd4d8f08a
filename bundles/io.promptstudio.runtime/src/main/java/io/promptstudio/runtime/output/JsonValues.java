package io.promptstudio.runtime.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Equality of JSON values as values: 19.99 read as a double equals 19.99 read as a decimal, and 3 equals 3.0. */
public final class JsonValues {

    private JsonValues() {
    }

    public static boolean same(JsonNode a, JsonNode b) {
        return a == null ? b == null : canonical(a).equals(canonical(b));
    }

    private static JsonNode canonical(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return JsonNodeFactory.instance.textNode("#" + value.decimalValue().stripTrailingZeros().toPlainString());
        }
        if (value.isObject()) {
            var copy = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(field -> copy.set(field.getKey(), canonical(field.getValue())));
            return copy;
        }
        if (value.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> copy.add(canonical(item)));
            return copy;
        }
        return value;
    }
}
