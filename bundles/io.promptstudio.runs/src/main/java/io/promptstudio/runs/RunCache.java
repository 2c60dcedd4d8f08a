package io.promptstudio.runs;

import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runs.internal.SemanticRunCache;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.SemanticCache;
import java.io.IOException;

/**
 * A cache in front of runs: asked before a run, told the answer after it. Closing it closes what it opened.
 */
public interface RunCache extends AutoCloseable {

    /**
     * What a lookup found.
     *
     * @param answer      the cached output as JSON, or null on a miss or when the cache is not used
     * @param cacheStatus what a hit's record says ({@code exact-hit}, {@code semantic-hit 0.934})
     * @param millis      how long the lookup took
     * @param note        one line for the user: a hit and where from, or why the cache was not used; null on a miss
     * @param used        false when the cache was not consulted (the settings do not allow it)
     * @param pending     what {@link #store} needs to store the answer of a miss; opaque to callers
     */
    record Lookup(String answer, String cacheStatus, long millis, String note, boolean used, Object pending) {
        public boolean hit() {
            return answer != null;
        }
    }

    Lookup lookup(RenderedPrompt rendered, String promptSource, ModelSettings settings, CacheUse use) throws RunException;

    /** Stores a successful run's answer after a miss; returns the note to show (null when there is nothing to say). */
    String store(Lookup lookup, RunRecord run) throws RunException;

    @Override
    void close() throws RunException;

    /** Over the semantic cache (exact and semantic hits), which it closes when closed. */
    static RunCache semantic(SemanticCache cache) {
        return new SemanticRunCache(cache, true);
    }

    /**
     * Over a semantic cache the caller holds open for many runs, from several threads at once (an eval's): each run
     * uses it and leaves it open; the caller closes it. Opening the database once per run from many threads would
     * race its migration and its closing.
     */
    static Opener sharing(SemanticCache cache) {
        return () -> new SemanticRunCache(cache, false);
    }

    /** Opens the semantic cache for each run that asks for it; one that cannot be opened is refused as {@link RunException.Kind#CACHE}. */
    static Opener semantic(SemanticCacheSource source) {
        return () -> {
            try {
                return semantic(source.open());
            } catch (CacheException | IOException e) {
                throw new RunException(RunException.Kind.CACHE, e.getMessage(), e);
            }
        };
    }

    /** Opens the semantic cache with its settings. */
    @FunctionalInterface
    interface SemanticCacheSource {
        SemanticCache open() throws CacheException, IOException;
    }

    /** Opens a cache for a run that asks for one. */
    @FunctionalInterface
    interface Opener {
        RunCache open() throws RunException;
    }
}
