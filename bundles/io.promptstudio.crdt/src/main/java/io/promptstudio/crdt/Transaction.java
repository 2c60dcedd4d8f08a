package io.promptstudio.crdt;

/** The changes of one {@link Doc#transact} call, recorded in order and applied together. */
public final class Transaction {

    private final StringBuilder operations = new StringBuilder("[");

    Transaction() {
    }

    public Transaction insert(String text, int index, String chunk) {
        return add("insert", text, "\"index\":" + index + ",\"text\":" + quote(chunk));
    }

    /** Formatted text: {@code attributesJson} is a JSON object such as {@code {"bold":true}}. */
    public Transaction insert(String text, int index, String chunk, String attributesJson) {
        return add("insert", text, "\"index\":" + index + ",\"text\":" + quote(chunk) + ",\"attributes\":" + attributesJson);
    }

    public Transaction delete(String text, int index, int length) {
        return add("delete", text, "\"index\":" + index + ",\"length\":" + length);
    }

    public Transaction format(String text, int index, int length, String attributesJson) {
        return add("format", text, "\"index\":" + index + ",\"length\":" + length + ",\"attributes\":" + attributesJson);
    }

    public Transaction setJson(String map, String key, String valueJson) {
        return add("mapSet", map, "\"key\":" + quote(key) + ",\"value\":" + valueJson);
    }

    public Transaction remove(String map, String key) {
        return add("mapRemove", map, "\"key\":" + quote(key));
    }

    public Transaction insertJson(String array, int index, String valuesJson) {
        return add("arrayInsert", array, "\"index\":" + index + ",\"values\":" + valuesJson);
    }

    public Transaction deleteFromArray(String array, int index, int length) {
        return add("arrayDelete", array, "\"index\":" + index + ",\"length\":" + length);
    }

    private Transaction add(String op, String type, String fields) {
        if (operations.length() > 1) {
            operations.append(',');
        }
        operations.append("{\"op\":\"").append(op).append("\",\"type\":").append(quote(type)).append(',').append(fields).append('}');
        return this;
    }

    String json() {
        return operations + "]";
    }

    /** A Java string as a JSON string. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
