package io.promptstudio.crdt;

/**
 * A shared text (Yjs {@code Y.Text}) of a {@link Doc}. Offsets and lengths count UTF-16 units, as Java strings and
 * Yjs do. Each change is one transaction and returns its v1 update.
 */
public final class Text {

    private final Doc doc;
    private final String name;

    Text(Doc doc, String name) {
        this.doc = doc;
        this.name = name;
    }

    /** @throws IndexOutOfBoundsException when {@code index} is outside the text */
    public byte[] insert(int index, String chunk) {
        return doc.change(pointer -> Native.textInsert(pointer, name, index, chunk, null));
    }

    /** Inserts formatted text; {@code attributesJson} is a JSON object such as {@code {"bold":true}}. */
    public byte[] insert(int index, String chunk, String attributesJson) {
        return doc.change(pointer -> Native.textInsert(pointer, name, index, chunk, attributesJson));
    }

    public byte[] delete(int index, int length) {
        return doc.change(pointer -> Native.textDelete(pointer, name, index, length));
    }

    /** Sets attributes on a range; an attribute with value {@code null} removes it. */
    public byte[] format(int index, int length, String attributesJson) {
        return doc.change(pointer -> Native.textFormat(pointer, name, index, length, attributesJson));
    }

    /**
     * A position that stays with the text around it while the text changes: for a caret, a selection end or a
     * comment's anchor. The bytes are Yjs's {@code encodeRelativePosition}, so any peer resolves them with
     * {@link Doc#resolve} or Yjs's {@code createAbsolutePositionFromRelativePosition}.
     *
     * @param before stick to the character before {@code index} (the end of a range) instead of the one after
     */
    public byte[] relativePosition(int index, boolean before) {
        return doc.read(pointer -> Native.textStickyIndex(pointer, name, index, before));
    }

    /** The text as Yjs's {@code toDelta()} JSON: {@code [{"insert":"…","attributes":{…}}, …]}. */
    public String deltaJson() {
        return doc.read(pointer -> Native.textDelta(pointer, name));
    }

    @Override
    public String toString() {
        return doc.read(pointer -> Native.textString(pointer, name));
    }
}
