package io.promptstudio.crdt;

import java.util.Optional;

/**
 * Undo and redo of one origin's changes to some texts of a {@link Doc} (yrs's UndoManager): a remote peer's edits
 * are never undone. Each step returns the update it made, to send to the other peers. Owned like a Doc:
 * {@link #close()} or the Cleaner frees it.
 */
public final class UndoManager implements AutoCloseable {

    private final Doc doc;
    private final NativeHandle handle;

    UndoManager(Doc doc, long pointer) {
        this.doc = doc;
        this.handle = new NativeHandle(this, pointer, Native::undoFree);
    }

    /** Undoes the last step; the update it made, or empty when there was nothing to undo. */
    public Optional<byte[]> undo() {
        return step(false);
    }

    public Optional<byte[]> redo() {
        return step(true);
    }

    private Optional<byte[]> step(boolean redo) {
        byte[] update;
        synchronized (handle.lock()) {
            long undo = handle.pointer("undo manager");
            update = doc.read(pointer -> Native.undoStep(pointer, undo, redo));
        }
        if (update != null) {
            doc.notifyRemoteChange(update);
        }
        return Optional.ofNullable(update);
    }

    @Override
    public void close() {
        handle.close();
    }
}
