package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Keeps an editor's text and a shared document's text the same: the editor's changes become CRDT edits, the
 * others' changes (and undo steps) are replayed into the editor as the smallest replacements, so that the
 * editor's caret and its own undo history stay where they belong. Everything runs on the document's executor.
 */
public final class TextBinding implements AutoCloseable {

    /** The editor side; the workbench adapts a JFace document to it. */
    public interface EditorText {
        String get();

        /** Replaces a range; the binding calls it for changes that come from the shared document. */
        void replace(int offset, int length, String text);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedDocument document;
    private final EditorText editor;
    private final SharedDocument.Listener listener;
    private boolean replaying;

    /**
     * Binds the two; the shared text wins when it has content (the file is shared already), else the editor's
     * text becomes the shared text.
     */
    public TextBinding(SharedDocument document, EditorText editor) {
        this.document = document;
        this.editor = editor;
        this.listener = new SharedDocument.Listener() {
            @Override
            public void remoteTextChange(String deltaJson) {
                replay(deltaJson);
            }
        };
        String shared = document.text();
        String local = editor.get();
        if (shared.isEmpty() && !local.isEmpty()) {
            document.edit(0, 0, local);
        } else if (!shared.equals(local)) {
            replaying = true;
            try {
                editor.replace(0, local.length(), shared);
            } finally {
                replaying = false;
            }
        }
        document.addListener(listener);
    }

    /** The editor changed (the user typed); ignored while the binding itself is writing into the editor. */
    public void editorChanged(int offset, int length, String text) {
        if (!replaying) {
            document.edit(offset, length, text);
        }
    }

    private void replay(String deltaJson) {
        JsonNode delta;
        try {
            delta = JSON.readTree(deltaJson);
        } catch (IOException e) {
            throw new UncheckedIOException("a text delta that is not JSON: " + deltaJson, e);
        }
        replaying = true;
        try {
            int position = 0;
            for (JsonNode op : delta) {
                if (op.has("retain")) {
                    position += op.get("retain").asInt();
                } else if (op.has("delete")) {
                    editor.replace(position, op.get("delete").asInt(), "");
                } else if (op.has("insert") && op.get("insert").isTextual()) {
                    String inserted = op.get("insert").asText();
                    editor.replace(position, 0, inserted);
                    position += inserted.length();
                }
            }
        } finally {
            replaying = false;
        }
        if (!editor.get().equals(document.text())) {
            // A delta the editor could not follow (an embed, say): fall back to the whole text.
            replaying = true;
            try {
                editor.replace(0, editor.get().length(), document.text());
            } finally {
                replaying = false;
            }
        }
    }

    @Override
    public void close() {
        document.removeListener(listener);
    }
}
