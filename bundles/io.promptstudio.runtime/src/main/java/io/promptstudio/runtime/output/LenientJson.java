package io.promptstudio.runtime.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads JSON the way models write it: with comments, trailing or missing commas, single quotes, unquoted keys,
 * Python's True/False/None, and cut off in the middle (open strings, objects and arrays are closed; a key whose
 * value never came is dropped). Every liberty taken is recorded as a repair. Never throws on any text: what cannot
 * be read at all gives null.
 */
final class LenientJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Deeper nesting than any real answer; a hostile text must not overflow the stack. */
    private static final int MAX_DEPTH = 200;

    private final String text;
    private final List<String> repairs;
    private int position;
    private int depth;

    private LenientJson(String text, int start, List<String> repairs) {
        this.text = text;
        this.position = start;
        this.repairs = repairs;
    }

    /** The value starting at {@code start} (after blanks and comments), or null; repairs are added to the list. */
    static Parsed parse(String text, int start, List<String> repairs) {
        LenientJson reader = new LenientJson(text, start, repairs);
        reader.skipBlanks();
        if (reader.position >= text.length()) {
            return null;
        }
        JsonNode value = reader.value();
        return value == null ? null : new Parsed(value, reader.position);
    }

    /** A value and where reading stopped. */
    record Parsed(JsonNode value, int end) {
    }

    private JsonNode value() {
        skipBlanks();
        if (position >= text.length()) {
            return null;
        }
        char c = text.charAt(position);
        if (c == '{' || c == '[') {
            if (++depth > MAX_DEPTH) {
                return null;
            }
            JsonNode nested = c == '{' ? object() : array();
            depth--;
            return nested;
        }
        if (c == '"' || c == '\'' || c == '\u201c') {
            return JSON.textNode(string());
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            JsonNode number = number();
            if (number != null) {
                return number;
            }
        }
        String word = word();
        if (word.isEmpty()) {
            return null;
        }
        return switch (word) {
            case "true" -> JSON.booleanNode(true);
            case "false" -> JSON.booleanNode(false);
            case "null" -> JSON.nullNode();
            case "True", "TRUE" -> repaired(JSON.booleanNode(true), "read " + word + " as true");
            case "False", "FALSE" -> repaired(JSON.booleanNode(false), "read " + word + " as false");
            case "None", "NULL", "Null", "undefined", "nil" -> repaired(JSON.nullNode(), "read " + word + " as null");
            default -> repaired(JSON.textNode(word), "read unquoted text '" + word + "' as a string");
        };
    }

    private ObjectNode object() {
        ObjectNode object = JSON.objectNode();
        position++;
        while (true) {
            skipBlanks();
            if (position >= text.length()) {
                repairs.add("closed an object the answer left open");
                return object;
            }
            char c = text.charAt(position);
            if (c == '}') {
                position++;
                return object;
            }
            if (c == ']') {
                repairs.add("read a stray ']' as the end of an object");
                position++;
                return object;
            }
            if (c == ',') {
                position++;
                continue;
            }
            String key;
            if (c == '"' || c == '\'' || c == '\u201c') {
                key = string();
            } else {
                key = word();
                if (key.isEmpty()) {
                    repairs.add("skipped '" + c + "' inside an object");
                    position++;
                    continue;
                }
                repairs.add("read unquoted key '" + key + "'");
            }
            skipBlanks();
            if (position < text.length() && (text.charAt(position) == ':' || text.charAt(position) == '=')) {
                position++;
            } else if (position >= text.length()) {
                repairs.add("dropped key '" + key + "' whose value the answer never wrote");
                return object;
            } else {
                repairs.add("added the missing ':' after key '" + key + "'");
            }
            skipBlanks();
            if (position >= text.length()) {
                repairs.add("dropped key '" + key + "' whose value the answer never wrote");
                return object;
            }
            JsonNode value = value();
            if (value == null) {
                repairs.add("dropped key '" + key + "' whose value could not be read");
                return object;
            }
            if (object.has(key)) {
                repairs.add("kept the last of two values for key '" + key + "'");
            }
            object.set(key, value);
            skipBlanks();
            if (position < text.length() && text.charAt(position) != ',' && text.charAt(position) != '}') {
                char next = text.charAt(position);
                if (next == '"' || next == '\'' || Character.isLetter(next) || next == '_') {
                    repairs.add("added a missing ',' after key '" + key + "'");
                }
            } else if (position < text.length() && text.charAt(position) == ',') {
                int after = position + 1;
                position = after;
                skipBlanks();
                if (position < text.length() && text.charAt(position) == '}') {
                    repairs.add("removed a trailing comma");
                }
            }
        }
    }

    private ArrayNode array() {
        ArrayNode array = JSON.arrayNode();
        position++;
        while (true) {
            skipBlanks();
            if (position >= text.length()) {
                repairs.add("closed a list the answer left open");
                return array;
            }
            char c = text.charAt(position);
            if (c == ']') {
                position++;
                return array;
            }
            if (c == '}') {
                repairs.add("read a stray '}' as the end of a list");
                position++;
                return array;
            }
            if (c == ',') {
                position++;
                skipBlanks();
                if (position < text.length() && text.charAt(position) == ']') {
                    repairs.add("removed a trailing comma");
                }
                continue;
            }
            int before = position;
            JsonNode value = value();
            if (value == null || position == before) {
                repairs.add("skipped '" + c + "' inside a list");
                position = Math.max(position, before + 1);
                continue;
            }
            array.add(value);
        }
    }

    private String string() {
        char open = text.charAt(position);
        char close = open == '\u201c' ? '\u201d' : open;
        if (open == '\'') {
            repairs.add("read a single-quoted string");
        }
        position++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == close) {
                position++;
                return value.toString();
            }
            if (c == '\\' && position + 1 < text.length()) {
                char escaped = text.charAt(position + 1);
                position += 2;
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        if (position + 4 <= text.length() && text.substring(position, position + 4).matches("[0-9a-fA-F]{4}")) {
                            value.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                            position += 4;
                        } else {
                            value.append("\\u");
                        }
                    }
                    default -> value.append(escaped);
                }
                continue;
            }
            value.append(c);
            position++;
        }
        repairs.add("closed a string the answer left open");
        return value.toString();
    }

    private JsonNode number() {
        int start = position;
        if (position < text.length() && (text.charAt(position) == '-' || text.charAt(position) == '+')) {
            position++;
        }
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || ".eE+-".indexOf(text.charAt(position)) >= 0)) {
            position++;
        }
        String literal = text.substring(start, position);
        try {
            BigDecimal number = new BigDecimal(literal.startsWith("+") ? literal.substring(1) : literal);
            if (literal.startsWith("+") || literal.startsWith(".") || literal.startsWith("-.")) {
                repairs.add("read number '" + literal + "'");
            }
            BigDecimal stripped = number.stripTrailingZeros();
            if (stripped.scale() <= 0 && !literal.contains(".") && !literal.toLowerCase().contains("e") && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return JSON.numberNode(number.longValueExact());
            }
            return JSON.numberNode(number);
        } catch (NumberFormatException | ArithmeticException e) {
            position = start;
            return null;
        }
    }

    private String word() {
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || "_-.$".indexOf(text.charAt(position)) >= 0)) {
            position++;
        }
        return text.substring(start, position);
    }

    private void skipBlanks() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (text.startsWith("//", position)) {
                repairs.add("removed a // comment");
                int end = text.indexOf('\n', position);
                position = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", position)) {
                repairs.add("removed a /* */ comment");
                int end = text.indexOf("*/", position + 2);
                position = end < 0 ? text.length() : end + 2;
            } else {
                return;
            }
        }
    }

    private JsonNode repaired(JsonNode value, String repair) {
        repairs.add(repair);
        return value;
    }
}
