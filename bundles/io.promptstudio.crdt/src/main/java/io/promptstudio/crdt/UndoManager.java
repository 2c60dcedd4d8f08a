package io.promptstudio.crdt;

import java.lang.ref.Cleaner;
import java.util.Optional;

/**
 * Undo and redo of one origin's changes to some texts of a {@link Doc} (yrs's UndoManager): a remote peer's edits
 * are never undone. Each step returns the update it made, to send to the other peers. Owned like a Doc:
 * {@link #close()} or the Cleaner frees it.
 */
public final class UndoManager implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private static final class Handle implements Runnable {
        private long pointer;

        Handle(long pointer) {
            this.pointer = pointer;
        }

        @Override
        public synchronized void run() {
            if (pointer != 0) {
                Native.undoFree(pointer);
                pointer = 0;
            }
        }
    }

    private final Doc doc;
    private final Handle handle;
    private final Cleaner.Cleanable cleanable;

    UndoManager(Doc doc, long pointer) {
        this.doc = doc;
        this.handle = new Handle(pointer);
        this.cleanable = CLEANER.register(this, handle);
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
        synchronized (handle) {
            if (handle.pointer == 0) {
                throw new IllegalStateException("the undo manager is closed");
            }
            update = doc.read(pointer -> Native.undoStep(pointer, handle.pointer, redo));
        }
        if (update != null) {
            doc.notifyRemoteChange(update);
        }
        return Optional.ofNullable(update);
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
