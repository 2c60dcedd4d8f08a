package io.promptstudio.sync;

import java.util.concurrent.ConcurrentHashMap;

/** Concurrent connections per key (a tenant, an address), refusing beyond a bound. Thread-safe. */
public final class ConnectionCounter {

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    public ConnectionCounter(int max) {
        this.max = max;
    }

    /** Counts one more connection for the key, unless it has {@code max} already. */
    public boolean tryOpen(String key) {
        boolean[] admitted = {false};
        open.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    public void release(String key) {
        open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    public int count(String key) {
        return open.getOrDefault(key, 0);
    }
}
