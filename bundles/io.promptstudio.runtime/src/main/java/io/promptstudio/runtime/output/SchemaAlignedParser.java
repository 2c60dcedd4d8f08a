package io.promptstudio.runtime.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's answer as a value of its output type, given the type's JSON Schema (what
 * {@code JsonSchemaGenerator} writes): it finds JSON in prose and markdown fences, repairs what models get wrong
 * ({@link LenientJson}), and coerces by the schema — {@code "3"} to 3 for an integer, a lone value to a
 * one-item list, an enum value whatever its case or spacing, a field whatever its case or {@code snake_case} /
 * {@code camelCase} spelling, {@code null} for an absent optional field; fields the schema does not know are
 * dropped. Of several candidates the one needing the fewest repairs wins. It never invents a value: a missing
 * required field, or a value that does not fit, is an error that names its path.
 */
public final class SchemaAlignedParser {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_-]*)[ \\t]*\\r?\\n(.*?)(?:```|\\z)", Pattern.DOTALL);
    /** Starting points tried in prose; more than any answer needs, few enough that hostile text stays cheap. */
    private static final int MAX_STARTS = 16;

    private SchemaAlignedParser() {
    }

    /** What a successful parse gives: the value, and every repair it took (empty for clean JSON). */
    public record Result(JsonNode value, List<String> repairs) {
    }

    /**
     * The answer as a value of the schema.
     *
     * @throws OutputParseException naming what is missing or wrong, with its path ({@code $.items[2].price})
     */
    public static Result parse(String answer, JsonNode schema) throws OutputParseException {
        String text = answer == null ? "" : answer;
        List<Attempt> attempts = new ArrayList<>();
        for (Candidate candidate : candidates(text)) {
            Coercion coercion = new Coercion(schema);
            List<String> repairs = new ArrayList<>(candidate.repairs());
            JsonNode value = coercion.coerce(candidate.value(), schema, "$", repairs);
            attempts.add(new Attempt(value, repairs, coercion.errors, attempts.size()));
        }
        if (isTextSchema(schema, schema)) {
            attempts.add(new Attempt(JSON.textNode(text.strip()), List.of(), List.of(), attempts.size()));
        }
        Attempt best = attempts.stream().filter(attempt -> attempt.errors().isEmpty())
                .min(Comparator.comparingInt((Attempt attempt) -> attempt.repairs().size()).thenComparingInt(Attempt::order)).orElse(null);
        if (best != null) {
            return new Result(best.value(), List.copyOf(best.repairs()));
        }
        Attempt closest = attempts.stream().min(Comparator.comparingInt((Attempt attempt) -> attempt.errors().size())
                .thenComparingInt(Attempt::order)).orElse(null);
        throw new OutputParseException(closest == null ? List.of("$: the answer contains no JSON value") : closest.errors());
    }

    private record Attempt(JsonNode value, List<String> repairs, List<String> errors, int order) {
    }

    private record Candidate(JsonNode value, List<String> repairs) {
    }

    /** The JSON values in the answer: the whole text, then fenced blocks, then each object or list that starts in the prose. */
    private static List<Candidate> candidates(String text) {
        List<Candidate> candidates = new ArrayList<>();
        addCandidate(candidates, text, 0, List.of());
        Matcher fences = FENCE.matcher(text);
        while (fences.find()) {
            addCandidate(candidates, fences.group(2), 0, List.of("took the JSON from a ``` block"));
        }
        int starts = 0;
        for (int i = 0; i < text.length() && starts < MAX_STARTS; i++) {
            char c = text.charAt(i);
            if ((c == '{' || c == '[') && i > 0) {
                starts++;
                addCandidate(candidates, text, i, List.of("took the JSON from the text around it"));
            }
        }
        return candidates;
    }

    private static void addCandidate(List<Candidate> candidates, String text, int start, List<String> found) {
        List<String> repairs = new ArrayList<>(found);
        LenientJson.Parsed parsed = LenientJson.parse(text, start, repairs);
        if (parsed == null) {
            return;
        }
        if (!text.substring(parsed.end()).strip().isEmpty() && found.isEmpty()) {
            repairs.add("ignored text after the JSON");
        }
        if (start == 0 && found.isEmpty() && parsed.value().isTextual() && !text.strip().startsWith("\"") && !text.strip().startsWith("'")) {
            return;
        }
        candidates.add(new Candidate(parsed.value(), repairs));
    }

    /** Whether plain text is a fitting answer for the schema (a string, or an enum/const of strings). */
    private static boolean isTextSchema(JsonNode schema, JsonNode root) {
        JsonNode resolved = Coercion.resolve(schema, root);
        return resolved != null && "string".equals(resolved.path("type").asText()) && !resolved.has("enum") && !resolved.has("oneOf");
    }

    /** One coercion of one candidate against the schema, collecting its errors. */
    private static final class Coercion {
        private final JsonNode root;
        private final List<String> errors = new ArrayList<>();
        private int depth;

        Coercion(JsonNode root) {
            this.root = root;
        }

        static JsonNode resolve(JsonNode schema, JsonNode root) {
            JsonNode current = schema;
            for (int hops = 0; current != null && current.has("$ref") && hops < 64; hops++) {
                String ref = current.get("$ref").asText();
                current = ref.startsWith("#/") ? root.at(ref.substring(1)) : null;
                if (current != null && current.isMissingNode()) {
                    current = null;
                }
            }
            return current;
        }

        JsonNode coerce(JsonNode value, JsonNode schema, String path, List<String> repairs) {
            if (++depth > 200) {
                errors.add(path + ": nested too deeply");
                return value;
            }
            try {
                return coerceResolved(value, resolve(schema, root), path, repairs);
            } finally {
                depth--;
            }
        }

        private JsonNode coerceResolved(JsonNode value, JsonNode schema, String path, List<String> repairs) {
            if (schema == null || schema.isEmpty()) {
                return value;
            }
            if (schema.has("anyOf") || schema.has("oneOf") && !isConstChoice(schema.get("oneOf"))) {
                return choose(value, schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf"), path, repairs);
            }
            if (schema.has("const")) {
                return matchChoice(value, List.of(schema.get("const")), path, repairs);
            }
            if (schema.has("enum")) {
                return matchChoice(value, list(schema.get("enum")), path, repairs);
            }
            if (schema.has("oneOf")) {
                List<JsonNode> consts = new ArrayList<>();
                schema.get("oneOf").forEach(choice -> consts.add(choice.get("const")));
                return matchChoice(value, consts, path, repairs);
            }
            JsonNode type = schema.get("type");
            if (type != null && type.isArray()) {
                ArrayNode members = JSON.arrayNode();
                type.forEach(member -> {
                    ObjectNode single = schema.deepCopy();
                    single.put("type", member.asText());
                    members.add(single);
                });
                return choose(value, members, path, repairs);
            }
            String kind = type == null ? "" : type.asText();
            JsonNode result = switch (kind) {
                case "object" -> object(value, schema, path, repairs);
                case "array" -> array(value, schema, path, repairs);
                case "string" -> string(value, path, repairs);
                case "integer" -> integer(value, path, repairs);
                case "number" -> number(value, path, repairs);
                case "boolean" -> bool(value, path, repairs);
                case "null" -> value.isNull() ? value : fail(path, "expected null, got " + describe(value));
                default -> value;
            };
            if (result != null) {
                constrain(result, schema, path);
            }
            return result;
        }

        private static boolean isConstChoice(JsonNode choices) {
            for (JsonNode choice : choices) {
                if (!choice.has("const")) {
                    return false;
                }
            }
            return true;
        }

        /** The union member the value fits with the fewest repairs. */
        private JsonNode choose(JsonNode value, JsonNode members, String path, List<String> repairs) {
            JsonNode best = null;
            List<String> bestRepairs = null;
            List<String> closestErrors = null;
            for (JsonNode member : members) {
                Coercion trial = new Coercion(root);
                trial.depth = depth;
                List<String> trialRepairs = new ArrayList<>();
                JsonNode coerced = trial.coerce(value, member, path, trialRepairs);
                if (trial.errors.isEmpty()) {
                    if (bestRepairs == null || trialRepairs.size() < bestRepairs.size()) {
                        best = coerced;
                        bestRepairs = trialRepairs;
                    }
                } else if (closestErrors == null || trial.errors.size() < closestErrors.size()) {
                    closestErrors = trial.errors;
                }
            }
            if (bestRepairs != null) {
                repairs.addAll(bestRepairs);
                return best;
            }
            errors.addAll(closestErrors == null ? List.of(path + ": fits none of the choices") : closestErrors);
            return value;
        }

        private JsonNode matchChoice(JsonNode value, List<JsonNode> choices, String path, List<String> repairs) {
            for (JsonNode choice : choices) {
                if (choice.equals(value) || choice.isNumber() && value.isNumber() && choice.decimalValue().compareTo(value.decimalValue()) == 0) {
                    return choice;
                }
            }
            String given = value.isValueNode() ? value.asText() : null;
            if (given != null) {
                for (JsonNode choice : choices) {
                    if (choice.isTextual() && normalized(choice.asText()).equals(normalized(given))) {
                        repairs.add(path + ": read '" + given + "' as '" + choice.asText() + "'");
                        return choice;
                    }
                }
                for (JsonNode choice : choices) {
                    if (!choice.isTextual() && choice.asText().equals(given.strip())) {
                        repairs.add(path + ": read '" + given + "' as " + choice);
                        return choice;
                    }
                }
            }
            List<String> allowed = choices.stream().map(JsonNode::toString).toList();
            return fail(path, "expected one of " + String.join(", ", allowed) + ", got " + describe(value));
        }

        private JsonNode object(JsonNode value, JsonNode schema, String path, List<String> repairs) {
            if (value.isArray() && value.size() == 1 && value.get(0).isObject()) {
                repairs.add(path + ": took the only item of a list as the object");
                value = value.get(0);
            }
            if (!value.isObject()) {
                return fail(path, "expected an object, got " + describe(value));
            }
            ObjectNode result = JSON.objectNode();
            JsonNode properties = schema.path("properties");
            List<String> required = list(schema.path("required")).stream().map(JsonNode::asText).toList();
            List<String> used = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> property = fields.next();
                String name = property.getKey();
                String key = findKey(value, name, used);
                if (key == null) {
                    if (required.contains(name)) {
                        errors.add(path + "." + name + ": required field is missing");
                    } else {
                        result.set(name, JSON.nullNode());
                    }
                    continue;
                }
                used.add(key);
                if (!key.equals(name)) {
                    repairs.add(path + ": read field '" + key + "' as '" + name + "'");
                }
                result.set(name, coerce(value.get(key), property.getValue(), path + "." + name, repairs));
            }
            JsonNode additional = schema.get("additionalProperties");
            for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
                String key = names.next();
                if (used.contains(key)) {
                    continue;
                }
                if (additional != null && additional.isObject()) {
                    JsonNode allowedNames = schema.path("propertyNames").path("enum");
                    String name = key;
                    if (allowedNames.isArray()) {
                        JsonNode matched = matchChoice(JSON.textNode(key), list(allowedNames), path + "." + key, repairs);
                        name = matched.asText();
                    }
                    result.set(name, coerce(value.get(key), additional, path + "." + name, repairs));
                } else if (!properties.isEmpty() || additional != null) {
                    repairs.add(path + ": ignored field '" + key + "' the type does not have");
                } else {
                    result.set(key, value.get(key));
                }
            }
            return result;
        }

        /** The answer's key for a field: exact, else the same ignoring case and '_' / '-' / spaces (so camelCase finds snake_case). */
        private static String findKey(JsonNode object, String name, List<String> used) {
            if (object.has(name)) {
                return name;
            }
            String wanted = normalized(name);
            for (Iterator<String> keys = object.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!used.contains(key) && normalized(key).equals(wanted)) {
                    return key;
                }
            }
            return null;
        }

        private JsonNode array(JsonNode value, JsonNode schema, String path, List<String> repairs) {
            JsonNode items = schema.get("items");
            ArrayNode result = JSON.arrayNode();
            if (!value.isArray()) {
                if (value.isNull()) {
                    return fail(path, "expected a list, got null");
                }
                repairs.add(path + ": read a single value as a list of one");
                result.add(coerce(value, items, path + "[0]", repairs));
                return result;
            }
            for (int i = 0; i < value.size(); i++) {
                result.add(coerce(value.get(i), items, path + "[" + i + "]", repairs));
            }
            return result;
        }

        private JsonNode string(JsonNode value, String path, List<String> repairs) {
            if (value.isTextual()) {
                return value;
            }
            if (value.isNumber() || value.isBoolean()) {
                repairs.add(path + ": read " + value + " as text");
                return JSON.textNode(value.asText());
            }
            return fail(path, "expected text, got " + describe(value));
        }

        private JsonNode integer(JsonNode value, String path, List<String> repairs) {
            BigDecimal number = numeric(value, path, repairs);
            if (number == null) {
                return fail(path, "expected a whole number, got " + describe(value));
            }
            BigDecimal stripped = number.stripTrailingZeros();
            if (stripped.scale() > 0) {
                return fail(path, "expected a whole number, got " + number.toPlainString());
            }
            if (value.isNumber() && !value.isIntegralNumber()) {
                repairs.add(path + ": read " + value + " as " + stripped.toPlainString());
            }
            return stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? JSON.numberNode(stripped.longValueExact())
                    : JSON.numberNode(stripped.toBigInteger());
        }

        private JsonNode number(JsonNode value, String path, List<String> repairs) {
            BigDecimal number = numeric(value, path, repairs);
            if (number == null) {
                return fail(path, "expected a number, got " + describe(value));
            }
            return value.isNumber() ? value : JSON.numberNode(number);
        }

        /** A number, or numeric text ("3", " 4.5 ", "1,200") with a repair. */
        private static BigDecimal numeric(JsonNode value, String path, List<String> repairs) {
            if (value.isNumber()) {
                return value.decimalValue();
            }
            if (value.isTextual()) {
                String text = value.asText().strip();
                String plain = text.matches("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?") ? text.replace(",", "") : text;
                try {
                    BigDecimal number = new BigDecimal(plain);
                    repairs.add(path + ": read text '" + text + "' as the number " + number.toPlainString());
                    return number;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        private JsonNode bool(JsonNode value, String path, List<String> repairs) {
            if (value.isBoolean()) {
                return value;
            }
            if (value.isTextual()) {
                String text = value.asText().strip().toLowerCase(Locale.ROOT);
                if (List.of("true", "yes").contains(text) || List.of("false", "no").contains(text)) {
                    repairs.add(path + ": read text '" + value.asText() + "' as " + (text.equals("true") || text.equals("yes")));
                    return JSON.booleanNode(text.equals("true") || text.equals("yes"));
                }
            }
            return fail(path, "expected true or false, got " + describe(value));
        }

        /** Constraints are checked, never repaired: a value out of range is the model's error, not a typo. */
        private void constrain(JsonNode value, JsonNode schema, String path) {
            if (value.isNumber()) {
                if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                    errors.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
                }
                if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                    errors.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
                }
            }
            if (value.isTextual()) {
                int length = value.asText().codePointCount(0, value.asText().length());
                if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                    errors.add(path + ": text is shorter than " + schema.get("minLength") + " characters");
                }
                if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                    errors.add(path + ": text is longer than " + schema.get("maxLength") + " characters");
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                    errors.add(path + ": text does not match " + schema.get("pattern").asText());
                }
            }
            if (value.isArray()) {
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    errors.add(path + ": has " + value.size() + " items, at least " + schema.get("minItems") + " expected");
                }
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    errors.add(path + ": has " + value.size() + " items, at most " + schema.get("maxItems") + " expected");
                }
            }
        }

        private JsonNode fail(String path, String message) {
            errors.add(path + ": " + message);
            return null;
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
