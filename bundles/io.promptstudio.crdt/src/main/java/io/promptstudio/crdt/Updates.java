package io.promptstudio.crdt;

/** What a server does with updates without holding a document: merge, read their state vector, diff, convert. */
public final class Updates {

    private Updates() {
    }

    /** Several v1 updates as one (Yjs {@code mergeUpdates}). */
    public static byte[] merge(byte[]... updates) {
        return Native.mergeUpdates(updates);
    }

    /** The state vector of what a v1 update contains (Yjs {@code encodeStateVectorFromUpdate}). */
    public static byte[] stateVector(byte[] update) {
        return Native.stateVectorFromUpdate(update);
    }

    /** What of a v1 update a peer with this state vector lacks (Yjs {@code diffUpdate}). */
    public static byte[] diff(byte[] update, byte[] stateVector) {
        return Native.diffUpdate(update, stateVector);
    }

    /** A v1 update in the v2 encoding (Yjs {@code convertUpdateFormatV1ToV2}). */
    public static byte[] v1ToV2(byte[] update) {
        return Native.convertV1ToV2(update);
    }
}
