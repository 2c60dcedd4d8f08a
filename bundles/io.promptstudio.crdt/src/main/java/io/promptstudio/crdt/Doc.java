package io.promptstudio.crdt;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Yjs document (a yrs {@code Doc} behind JNI): named shared types ({@link #text}, {@link #map}), updates in
 * Yjs's v1 and v2 encodings, state vectors and snapshots. Byte-compatible with Yjs: any Yjs peer applies what this
 * document encodes, and the other way round. Text offsets count UTF-16 units, as Yjs does.
 *
 * <p><b>Ownership.</b> The native document belongs to this object: {@link #close()} frees it (a Cleaner frees it
 * when the object is unreachable and was not closed); using a closed document throws {@link IllegalStateException}.
 * <b>Threads.</b> Every call takes this document's lock, so a document may be shared between threads; calls on one
 * document run one at a time (each is one Yjs transaction).
 */
public final class Doc implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NativeHandle handle;
    private final long clientId;
    private final List<Consumer<byte[]>> updateListeners = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, List<TextListener>> textListeners = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, List<ChangeListener>> mapListeners = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, List<ChangeListener>> arrayListeners = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, List<DeepListener>> deepListeners = new java.util.concurrent.ConcurrentHashMap<>();

    /** Told each change of a text, local or remote. */
    public interface TextListener {
        /**
         * @param deltaJson the change as a Yjs text-event delta: {@code [{"retain":5},{"insert":"x"},{"delete":2}]}
         * @param origin    the transaction's origin ({@link #transact}), null for changes without one and remote updates
         */
        void changed(String deltaJson, String origin);
    }

    /** Told each change of a map or an array, local or remote. */
    public interface ChangeListener {
        /**
         * @param changeJson for a map, the keys changed as Yjs's {@code YMapEvent.changes.keys}:
         *                   {@code {"a":{"action":"add"},"b":{"action":"update","oldValue":1},"c":{"action":"delete","oldValue":2}}};
         *                   for an array, Yjs's {@code YArrayEvent.changes.delta}: {@code [{"retain":1},{"insert":[2,3]},{"delete":1}]}
         * @param origin     the transaction's origin, null for changes without one and remote updates
         */
        void changed(String changeJson, String origin);
    }

    /** Told each change inside a shared type and the types nested in it (Yjs's {@code observeDeep}). */
    public interface DeepListener {
        /**
         * @param eventsJson one entry per changed type, from the observed one down:
         *                   {@code [{"path":["prompts",0],"kind":"text","change":[{"retain":3},{"insert":"x"}]}]} — the
         *                   path from the observed type to the changed one (map keys and array indexes), the changed
         *                   type's kind ({@code text}, {@code map}, {@code array}) and the change as that kind's own
         *                   listener gets it
         * @param origin     the transaction's origin, null for changes without one and remote updates
         */
        void changed(String eventsJson, String origin);
    }

    /** A document with a random 53-bit client id, as Yjs ≥ 13.6 draws them, with garbage collection on. */
    public Doc() {
        this(RANDOM.nextLong(1, 1L << 53), true);
    }

    /**
     * @param clientId this peer's id, 0 … 2^53−1; no two peers editing one document may share it
     * @param gc       whether deleted content is garbage-collected (off keeps it for snapshots of the past)
     */
    public Doc(long clientId, boolean gc) {
        if (clientId < 0 || clientId > (1L << 53) - 1) {
            throw new IllegalArgumentException("client id " + clientId + " is not between 0 and 2^53-1");
        }
        this.clientId = clientId;
        this.handle = new NativeHandle(this, Native.docNew(clientId, gc), Native::docFree);
    }

    public long clientId() {
        return clientId;
    }

    /** The root text of this name (made on first use). */
    public Text text(String name) {
        return new Text(this, rootName(name));
    }

    /** Nested types' addresses start with NUL (see {@code NESTED} in native/src/lib.rs); no root name may. */
    private static String rootName(String name) {
        if (name.isEmpty() || name.charAt(0) == NESTED) {
            throw new IllegalArgumentException("a root type's name must not be empty or start with NUL: " + Transaction.quote(name));
        }
        return name;
    }

    static final char NESTED = '\0';

    /**
     * The nested type that {@code kindAndAddress} (the native side's {@code T}, {@code M} or {@code A} and an
     * address) names, which must be of the kind asked for.
     *
     * @param where what held it, for the message: {@code key "a"}, {@code index 3}
     */
    <T> java.util.Optional<T> nested(String kindAndAddress, char kind, String where) {
        if (kindAndAddress == null) {
            return java.util.Optional.empty();
        }
        char found = kindAndAddress.charAt(0);
        if (found != kind) {
            throw new IllegalStateException("the value at " + where + " is a " + kindName(found) + ", not a " + kindName(kind));
        }
        String address = kindAndAddress.substring(1);
        @SuppressWarnings("unchecked")
        T type = (T) switch (kind) {
            case 'T' -> new Text(this, address);
            case 'M' -> new Map(this, address);
            default -> new Array(this, address);
        };
        return java.util.Optional.of(type);
    }

    private static String kindName(char kind) {
        return switch (kind) {
            case 'T' -> "text";
            case 'M' -> "map";
            default -> "array";
        };
    }

    /** Adds a deep listener of the type at {@code address} ({@code kind} 0 text, 1 map, 2 array). */
    void observeDeep(String address, int kind, DeepListener listener) {
        deepListeners.computeIfAbsent(address, key -> new CopyOnWriteArrayList<>()).add(listener);
        read(pointer -> {
            Native.observeDeep(pointer, address, kind);
            return null;
        });
    }

    /**
     * Several changes as one transaction — one update, one undo step — made with an origin that an
     * {@link UndoManager} can track. The changes are recorded by {@code body} and applied together when it returns;
     * reads inside the body do not see them yet. A bad change (an index out of range) fails the whole
     * transaction, and the document is left as it was.
     *
     * @param origin who makes the change ({@code null} for none); an UndoManager tracks one origin
     * @return the transaction's v1 update
     */
    public byte[] transact(String origin, java.util.function.Consumer<Transaction> body) {
        Transaction transaction = new Transaction();
        body.accept(transaction);
        return change(pointer -> Native.transact(pointer, origin, transaction.json()));
    }

    /**
     * Undo and redo of the changes made with {@code origin} (through {@link #transact}) on these texts — never the
     * changes other peers made, which stay. Changes within {@code captureMillis} of each other are one step.
     */
    public UndoManager undoManager(String origin, long captureMillis, String... texts) {
        long pointer = read(doc -> Native.undoNew(doc, texts, origin, captureMillis));
        return new UndoManager(this, pointer);
    }

    /**
     * Observes a text: {@code listener} gets each change as a delta, after the call that made it returns — what an
     * editor binding applies to its document when a remote edit arrives.
     */
    public void observeText(String name, TextListener listener) {
        textListeners.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add(listener);
        read(pointer -> {
            Native.textObserve(pointer, name);
            return null;
        });
    }

    /** Observes a root map: {@code listener} gets the keys each change touched, after the call that made it. */
    public void observeMap(String name, ChangeListener listener) {
        mapListeners.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add(listener);
        read(pointer -> {
            Native.mapObserve(pointer, name);
            return null;
        });
    }

    /** Observes a root array: {@code listener} gets each change as a delta, after the call that made it. */
    public void observeArray(String name, ChangeListener listener) {
        arrayListeners.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add(listener);
        read(pointer -> {
            Native.arrayObserve(pointer, name);
            return null;
        });
    }

    private boolean observed() {
        return !textListeners.isEmpty() || !mapListeners.isEmpty() || !arrayListeners.isEmpty() || !deepListeners.isEmpty();
    }

    /** Hands the changes recorded by the native observers (kind, name, origin, change) to the listeners, outside the lock. */
    void dispatchEvents(String[] events) {
        for (int i = 0; i + 3 < events.length; i += 4) {
            String kind = events[i];
            String name = events[i + 1];
            String origin = events[i + 2];
            String change = events[i + 3];
            switch (kind) {
                case "text" -> textListeners.getOrDefault(name, List.of()).forEach(listener -> listener.changed(change, origin));
                case "map" -> mapListeners.getOrDefault(name, List.of()).forEach(listener -> listener.changed(change, origin));
                case "array" -> arrayListeners.getOrDefault(name, List.of()).forEach(listener -> listener.changed(change, origin));
                case "deep" -> deepListeners.getOrDefault(name, List.of()).forEach(listener -> listener.changed(change, origin));
                default -> throw new IllegalStateException("the CRDT library reported a change of unknown kind " + kind);
            }
        }
    }

    /**
     * For benchmarks: replays edits on a root text inside the native library — one transaction each, as
     * {@link Text#insert} and {@link Text#delete} make them, without crossing JNI per edit — and answers how long
     * that took, in nanoseconds. What an application calls is {@link Text}; this measures what the crossings cost.
     */
    public long replayInsideNative(String text, int[] positions, int[] deleted, String[] inserted, boolean encodeUpdates) {
        if (positions.length != deleted.length || positions.length != inserted.length) {
            throw new IllegalArgumentException("positions, deleted and inserted must be as long as each other");
        }
        return read(pointer -> Native.benchReplay(pointer, rootName(text), positions, deleted, inserted, encodeUpdates));
    }

    /** The root array of this name (made on first use). */
    public Array array(String name) {
        return new Array(this, rootName(name));
    }

    /** The root map of this name (made on first use). */
    public Map map(String name) {
        return new Map(this, rootName(name));
    }

    /**
     * Told, after each change — made here or applied from another peer — the v1 update of that change (what a
     * Yjs {@code 'update'} event carries): what to send to the other peers or to store.
     */
    public void onUpdate(Consumer<byte[]> listener) {
        updateListeners.add(listener);
    }

    /**
     * Where a relative position ({@link Text#relativePosition}) stands in this document now, in UTF-16 units; empty
     * when the content it referred to is not (or no longer) here.
     *
     * @throws IllegalArgumentException when the bytes are not a relative position
     */
    public java.util.OptionalInt resolve(byte[] relativePosition) {
        int offset = read(pointer -> Native.stickyIndexOffset(pointer, relativePosition));
        return offset < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(offset);
    }

    /** What this document has: client id → clock, in Yjs's v1 encoding. */
    public byte[] stateVector() {
        synchronized (handle.lock()) {
            return Native.stateVector(pointer());
        }
    }

    /** Everything this document has, as one v1 update. */
    public byte[] encodeStateAsUpdate() {
        return encodeStateAsUpdate(null);
    }

    /** What a peer with this state vector (v1) lacks, as a v1 update; null means everything. */
    public byte[] encodeStateAsUpdate(byte[] remoteStateVector) {
        synchronized (handle.lock()) {
            return Native.encodeStateAsUpdate(pointer(), remoteStateVector, false);
        }
    }

    /** The same in Yjs's v2 encoding. */
    public byte[] encodeStateAsUpdateV2(byte[] remoteStateVector) {
        synchronized (handle.lock()) {
            return Native.encodeStateAsUpdate(pointer(), remoteStateVector, true);
        }
    }

    /**
     * Applies a v1 update from any peer; updates may arrive in any order and more than once.
     *
     * @throws IllegalArgumentException when the bytes are not a Yjs update (the document is unchanged)
     */
    public void applyUpdate(byte[] update) {
        notifyChanged(change(pointer -> Native.applyUpdate(pointer, update, false), false));
    }

    public void applyUpdateV2(byte[] update) {
        notifyChanged(change(pointer -> Native.applyUpdate(pointer, update, true), false));
    }

    /** Tells the listeners a change made outside {@link #change}: an undo or redo step. */
    void notifyRemoteChange(byte[] update) {
        String[] events = observed() ? read(Native::drainEvents) : new String[0];
        dispatchEvents(events);
        notifyChanged(update);
    }

    /** What an applied update changed, unless nothing: the empty update is two zero bytes. */
    private void notifyChanged(byte[] changed) {
        if (!(changed.length == 2 && changed[0] == 0 && changed[1] == 0)) {
            updateListeners.forEach(listener -> listener.accept(changed));
        }
    }

    /** A snapshot of the document now (state vector and delete set), in Yjs's v1 snapshot encoding. */
    public byte[] snapshot() {
        synchronized (handle.lock()) {
            return Native.snapshot(pointer());
        }
    }

    @Override
    public void close() {
        handle.close();
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Runs a native call under the lock and tells the update listeners the update it produced. */
    byte[] change(NativeChange change) {
        return change(change, true);
    }

    private byte[] change(NativeChange change, boolean notify) {
        byte[] update;
        String[] events;
        synchronized (handle.lock()) {
            long pointer = pointer();
            update = change.apply(pointer);
            events = observed() ? Native.drainEvents(pointer) : new String[0];
        }
        dispatchEvents(events);
        if (notify) {
            for (Consumer<byte[]> listener : updateListeners) {
                listener.accept(update);
            }
        }
        return update;
    }

    <T> T read(NativeRead<T> read) {
        synchronized (handle.lock()) {
            return read.apply(pointer());
        }
    }

    interface NativeChange {
        byte[] apply(long pointer);
    }

    interface NativeRead<T> {
        T apply(long pointer);
    }

    private long pointer() {
        return handle.pointer("document");
    }
}
