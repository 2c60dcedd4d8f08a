package io.promptstudio.runs;

/** What a caller hears while its run goes on; every method may be called from a thread other than the caller's. */
public interface RunListener {

    /** Hears nothing. */
    RunListener NONE = new RunListener() {
    };

    /** A piece of the answer as it arrives; a cached answer comes as one piece. */
    default void text(String piece) {
    }

    /**
     * What the cache did, once the run is over: a hit and where from, a miss and that the answer was stored, or why
     * it was not used.
     *
     * @param consulted false when the settings kept the cache from being used (a temperature above 0)
     */
    default void cacheNote(String note, boolean consulted) {
    }
}
