package io.promptstudio.crdt;

/**
 * A shared text (Yjs {@code Y.Text}) of a {@link Doc}: a root text ({@link Doc#text}) or one nested in a map or an
 * array. Offsets and lengths count UTF-16 units, as Java strings and
 * Yjs do. Each change is one transaction and returns its v1 update.
 */
public final class Text {

    private final Doc doc;
    private final String address;

    Text(Doc doc, String address) {
        this.doc = doc;
        this.address = address;
    }

    /** @throws IndexOutOfBoundsException when {@code index} is outside the text */
    public byte[] insert(int index, String chunk) {
        return doc.change(pointer -> Native.textInsert(pointer, address, index, chunk, null));
    }

    /** Inserts formatted text; {@code attributesJson} is a JSON object such as {@code {"bold":true}}. */
    public byte[] insert(int index, String chunk, String attributesJson) {
        return doc.change(pointer -> Native.textInsert(pointer, address, index, chunk, attributesJson));
    }

    /**
     * Inserts an embed — any JSON value, such as {@code {"image":"diagram.png"}} — as one unit of the text (it
     * counts 1 in offsets and shows in {@link #deltaJson} as {@code {"insert":{"image":…}}}).
     */
    public byte[] insertEmbed(int index, String embedJson) {
        return doc.change(pointer -> Native.textInsertEmbed(pointer, address, index, embedJson));
    }

    public byte[] delete(int index, int length) {
        return doc.change(pointer -> Native.textDelete(pointer, address, index, length));
    }

    /** Sets attributes on a range; an attribute with value {@code null} removes it. */
    public byte[] format(int index, int length, String attributesJson) {
        return doc.change(pointer -> Native.textFormat(pointer, address, index, length, attributesJson));
    }

    /**
     * A position that stays with the text around it while the text changes: for a caret, a selection end or a
     * comment's anchor. The bytes are Yjs's {@code encodeRelativePosition}, so any peer resolves them with
     * {@link Doc#resolve} or Yjs's {@code createAbsolutePositionFromRelativePosition}.
     *
     * @param before stick to the character before {@code index} (the end of a range) instead of the one after
     */
    public byte[] relativePosition(int index, boolean before) {
        return doc.read(pointer -> Native.textStickyIndex(pointer, address, index, before));
    }

    /** The text as Yjs's {@code toDelta()} JSON: {@code [{"insert":"…","attributes":{…}}, …]}. */
    public String deltaJson() {
        return doc.read(pointer -> Native.textDelta(pointer, address));
    }

    /** Told each change of this text as a delta (as {@link Doc#observeText}). */
    public void observe(Doc.TextListener listener) {
        doc.observeText(address, listener);
    }

    /** Told every change of this text, as {@link Map#observeDeep} tells them (a text nests nothing but embeds). */
    public void observeDeep(Doc.DeepListener listener) {
        doc.observeDeep(address, 0, listener);
    }

    /** Its address for a {@link Transaction} or an {@link UndoManager}: a root text's name, or a nested text's. */
    public String address() {
        return address;
    }

    @Override
    public String toString() {
        return doc.read(pointer -> Native.textString(pointer, address));
    }
}
