package io.promptstudio.crdt;

/** A shared map (Yjs {@code Y.Map}) of a {@link Doc}, with JSON values. Each change returns its v1 update. */
public final class Map {

    private final Doc doc;
    private final String name;

    Map(Doc doc, String name) {
        this.doc = doc;
        this.name = name;
    }

    /** Sets a key to a JSON value ({@code "\"P1\""}, {@code "3"}, {@code "{\"a\":[1,2]}"}). */
    public byte[] setJson(String key, String valueJson) {
        return doc.change(pointer -> Native.mapSet(pointer, name, key, valueJson));
    }

    public byte[] remove(String key) {
        return doc.change(pointer -> Native.mapRemove(pointer, name, key));
    }

    /** The whole map as a JSON object. */
    public String toJson() {
        return doc.read(pointer -> Native.mapJson(pointer, name));
    }
}
