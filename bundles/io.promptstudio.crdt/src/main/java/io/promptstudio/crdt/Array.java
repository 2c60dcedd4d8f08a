package io.promptstudio.crdt;

import java.util.Optional;

/**
 * A shared array (Yjs {@code Y.Array}) of a {@link Doc}: a root array ({@link Doc#array}) or one nested in another
 * type. Elements are JSON or shared types of their own ({@link #insertText}, {@link #insertMap},
 * {@link #insertArray}). Each change returns its v1 update.
 */
public final class Array {

    private final Doc doc;
    private final String address;

    Array(Doc doc, String address) {
        this.doc = doc;
        this.address = address;
    }

    /**
     * Inserts the values of a JSON array ({@code "[1, \"two\", {\"three\": 3}]"}) at {@code index}.
     *
     * @throws IndexOutOfBoundsException when {@code index} is beyond the end
     */
    public byte[] insertJson(int index, String valuesJson) {
        return doc.change(pointer -> Native.arrayInsert(pointer, address, index, valuesJson));
    }

    /** Inserts a new, empty shared text at {@code index}. */
    public Text insertText(int index) {
        doc.change(pointer -> Native.arrayInsertType(pointer, address, index, 0));
        return text(index).orElseThrow();
    }

    /** Inserts a new, empty shared map at {@code index}. */
    public Map insertMap(int index) {
        doc.change(pointer -> Native.arrayInsertType(pointer, address, index, 1));
        return map(index).orElseThrow();
    }

    /** Inserts a new, empty shared array at {@code index}. */
    public Array insertArray(int index) {
        doc.change(pointer -> Native.arrayInsertType(pointer, address, index, 2));
        return array(index).orElseThrow();
    }

    /**
     * The shared text at {@code index}; empty when the element there is a plain value.
     *
     * @throws IndexOutOfBoundsException when there is no element at {@code index}
     * @throws IllegalStateException     when the element is another shared type
     */
    public Optional<Text> text(int index) {
        return doc.nested(typeAt(index), 'T', "index " + index);
    }

    public Optional<Map> map(int index) {
        return doc.nested(typeAt(index), 'M', "index " + index);
    }

    public Optional<Array> array(int index) {
        return doc.nested(typeAt(index), 'A', "index " + index);
    }

    private String typeAt(int index) {
        return doc.read(pointer -> Native.arrayTypeAt(pointer, address, index));
    }

    public byte[] delete(int index, int length) {
        return doc.change(pointer -> Native.arrayDelete(pointer, address, index, length));
    }

    /** Told each change of this array as a delta (as {@link Doc#observeArray}). */
    public void observe(Doc.ChangeListener listener) {
        doc.observeArray(address, listener);
    }

    /** Told every change in this array and the types nested in it, with the path to each. */
    public void observeDeep(Doc.DeepListener listener) {
        doc.observeDeep(address, 2, listener);
    }

    /** Its address for a {@link Transaction}: a root array's name, or a nested array's. */
    public String address() {
        return address;
    }

    /** The whole array as JSON, nested types as their content. */
    public String toJson() {
        return doc.read(pointer -> Native.arrayJson(pointer, address));
    }
}
