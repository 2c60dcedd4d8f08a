package io.promptstudio.collab.tests;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.SharedDocument;
import io.promptstudio.collab.TextBinding;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One workbench's side, without the UI: a client, a shared document and an editor text bound to it, all changed on
 * one thread as the display thread would.
 */
final class Peer implements AutoCloseable {

    /** The editor's text as a JFace document would hold it: a string changed by replacements. */
    static final class EditorModel implements TextBinding.EditorText {
        private final StringBuilder text = new StringBuilder();

        @Override
        public String get() {
            return text.toString();
        }

        @Override
        public void replace(int offset, int length, String replacement) {
            text.replace(offset, offset + length, replacement);
        }
    }

    final ExecutorService display = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("display").factory());
    final CollabClient client;
    final SharedDocument document;
    final EditorModel editor = new EditorModel();
    final TextBinding binding;

    Peer(int port, Supplier<String> token, Path state, String user, String document) throws Exception {
        client = new CollabClient(URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), token, state, user, "#3366ff");
        this.document = client.open(document, display);
        binding = onDisplay(() -> new TextBinding(this.document, editor));
        client.connect();
    }

    <T> T onDisplay(Callable<T> work) throws Exception {
        return display.submit(work).get();
    }

    /** The user types: the editor changes, and the binding hears of it, as from a document listener. */
    void type(int offset, int length, String text) throws Exception {
        onDisplay(() -> {
            editor.replace(offset, length, text);
            binding.editorChanged(offset, length, text);
            return null;
        });
    }

    String editorText() throws Exception {
        return onDisplay(editor::get);
    }

    @Override
    public void close() throws Exception {
        onDisplay(() -> {
            binding.close();
            document.close();
            return null;
        });
        client.close();
        display.shutdown();
    }
}
