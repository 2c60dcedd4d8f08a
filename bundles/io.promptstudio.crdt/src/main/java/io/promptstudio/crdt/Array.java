package io.promptstudio.crdt;

/** A shared array (Yjs {@code Y.Array}) of a {@link Doc}, with JSON values. Each change returns its v1 update. */
public final class Array {

    private final Doc doc;
    private final String name;

    Array(Doc doc, String name) {
        this.doc = doc;
        this.name = name;
    }

    /**
     * Inserts the values of a JSON array ({@code "[1, \"two\", {\"three\": 3}]"}) at {@code index}.
     *
     * @throws IndexOutOfBoundsException when {@code index} is beyond the end
     */
    public byte[] insertJson(int index, String valuesJson) {
        return doc.change(pointer -> Native.arrayInsert(pointer, name, index, valuesJson));
    }

    public byte[] delete(int index, int length) {
        return doc.change(pointer -> Native.arrayDelete(pointer, name, index, length));
    }

    /** The whole array as JSON. */
    public String toJson() {
        return doc.read(pointer -> Native.arrayJson(pointer, name));
    }
}
