package io.promptstudio.crdt;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * A native pointer owned by a Java object: freed once, by {@link #close()} or by the Cleaner when the owner became
 * unreachable unclosed. The state the Cleaner runs on must not reach the owner, so it lives here.
 */
final class NativeHandle implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private static final class State implements Runnable {
        private long pointer;
        private final LongConsumer free;

        State(long pointer, LongConsumer free) {
            this.pointer = pointer;
            this.free = free;
        }

        @Override
        public synchronized void run() {
            if (pointer != 0) {
                free.accept(pointer);
                pointer = 0;
            }
        }
    }

    private final State state;
    private final Cleaner.Cleanable cleanable;

    NativeHandle(Object owner, long pointer, LongConsumer free) {
        this.state = new State(pointer, free);
        this.cleanable = CLEANER.register(owner, state);
    }

    /** The pointer; {@code what} names the owner in the error when it is closed. */
    long pointer(String what) {
        synchronized (state) {
            if (state.pointer == 0) {
                throw new IllegalStateException("the " + what + " is closed");
            }
            return state.pointer;
        }
    }

    boolean isClosed() {
        synchronized (state) {
            return state.pointer == 0;
        }
    }

    /** The lock that serializes the calls on this pointer (and its freeing). */
    Object lock() {
        return state;
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
