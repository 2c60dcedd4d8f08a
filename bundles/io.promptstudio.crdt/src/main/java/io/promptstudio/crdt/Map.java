package io.promptstudio.crdt;

import java.util.Optional;

/**
 * A shared map (Yjs {@code Y.Map}) of a {@link Doc}: a root map ({@link Doc#map}) or one nested in another type.
 * Values are JSON or shared types of their own ({@link #setText}, {@link #setMap}, {@link #setArray}). Each change
 * returns its v1 update.
 */
public final class Map {

    private final Doc doc;
    private final String address;

    Map(Doc doc, String address) {
        this.doc = doc;
        this.address = address;
    }

    /** Sets a key to a JSON value ({@code "\"P1\""}, {@code "3"}, {@code "{\"a\":[1,2]}"}). */
    public byte[] setJson(String key, String valueJson) {
        return doc.change(pointer -> Native.mapSet(pointer, address, key, valueJson));
    }

    /**
     * Sets a key to a new, empty shared text: one that peers edit character by character and merge, where a
     * string value set with {@link #setJson} is replaced whole by the last writer.
     */
    public Text setText(String key) {
        doc.change(pointer -> Native.mapSetType(pointer, address, key, 0));
        return text(key).orElseThrow();
    }

    /** Sets a key to a new, empty shared map. */
    public Map setMap(String key) {
        doc.change(pointer -> Native.mapSetType(pointer, address, key, 1));
        return map(key).orElseThrow();
    }

    /** Sets a key to a new, empty shared array. */
    public Array setArray(String key) {
        doc.change(pointer -> Native.mapSetType(pointer, address, key, 2));
        return array(key).orElseThrow();
    }

    /**
     * The shared text at a key — made here or by any peer; empty when the key is not set.
     *
     * @throws IllegalStateException when the key holds something else (a map, say)
     */
    public Optional<Text> text(String key) {
        return doc.nested(typeAt(key), 'T', "key " + Transaction.quote(key));
    }

    public Optional<Map> map(String key) {
        return doc.nested(typeAt(key), 'M', "key " + Transaction.quote(key));
    }

    public Optional<Array> array(String key) {
        return doc.nested(typeAt(key), 'A', "key " + Transaction.quote(key));
    }

    private String typeAt(String key) {
        return doc.read(pointer -> Native.mapTypeAt(pointer, address, key));
    }

    public byte[] remove(String key) {
        return doc.change(pointer -> Native.mapRemove(pointer, address, key));
    }

    /** Told the keys each change of this map touched (as {@link Doc#observeMap}). */
    public void observe(Doc.ChangeListener listener) {
        doc.observeMap(address, listener);
    }

    /** Told every change in this map and the types nested in it, with the path to each. */
    public void observeDeep(Doc.DeepListener listener) {
        doc.observeDeep(address, 1, listener);
    }

    /** Its address for a {@link Transaction}: a root map's name, or a nested map's. */
    public String address() {
        return address;
    }

    /** The whole map as a JSON object, nested types as their content (a text as its string). */
    public String toJson() {
        return doc.read(pointer -> Native.mapJson(pointer, address));
    }
}
