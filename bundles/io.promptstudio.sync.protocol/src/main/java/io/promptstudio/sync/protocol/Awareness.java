package io.promptstudio.sync.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presence of the clients of one document, as y-protocols' awareness keeps it: each client's latest state
 * by clock; a state of {@code null} removes the client; a client not heard from for {@link #OUTDATED_TIMEOUT_MS}
 * is removed (clients renew their state every 15 s). Not thread-safe: one owner per document.
 */
public final class Awareness {

    /** y-protocols' {@code outdatedTimeout}. */
    public static final long OUTDATED_TIMEOUT_MS = 30_000;

    /** What an update changed, by client id. */
    public record Change(List<Long> added, List<Long> updated, List<Long> removed) {
        public boolean isEmpty() {
            return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
        }
    }

    private record Meta(long clock, long lastUpdated) {
    }

    private final Map<Long, String> states = new LinkedHashMap<>();
    private final Map<Long, Meta> meta = new LinkedHashMap<>();

    /** Applies an update received at {@code now} (milliseconds). */
    public Change apply(AwarenessUpdate update, long now) {
        List<Long> added = new ArrayList<>();
        List<Long> updated = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        for (AwarenessUpdate.Entry entry : update.entries()) {
            long client = entry.clientId();
            Meta known = meta.get(client);
            long currentClock = known == null ? 0 : known.clock();
            boolean present = states.containsKey(client);
            // a newer clock wins; at the same clock a removal wins over a present state
            if (currentClock < entry.clock() || (currentClock == entry.clock() && entry.removed() && present)) {
                if (entry.removed()) {
                    if (present) {
                        states.remove(client);
                        removed.add(client);
                    }
                } else {
                    String before = states.put(client, entry.stateJson());
                    if (before == null) {
                        added.add(client);
                    } else if (!before.equals(entry.stateJson())) {
                        updated.add(client);
                    }
                }
                meta.put(client, new Meta(entry.clock(), now));
            }
        }
        return new Change(added, updated, removed);
    }

    /** Removes the clients not heard from since {@code now - OUTDATED_TIMEOUT_MS}; returns the update that says so. */
    public AwarenessUpdate removeOutdated(long now) {
        List<AwarenessUpdate.Entry> removals = new ArrayList<>();
        for (var entry : new ArrayList<>(meta.entrySet())) {
            if (states.containsKey(entry.getKey()) && now - entry.getValue().lastUpdated() >= OUTDATED_TIMEOUT_MS) {
                states.remove(entry.getKey());
                long clock = entry.getValue().clock() + 1;
                meta.put(entry.getKey(), new Meta(clock, now));
                removals.add(new AwarenessUpdate.Entry(entry.getKey(), clock, "null"));
            }
        }
        return new AwarenessUpdate(removals);
    }

    /** Removes clients (their connection closed): the update to broadcast. */
    public AwarenessUpdate remove(List<Long> clients, long now) {
        List<AwarenessUpdate.Entry> removals = new ArrayList<>();
        for (long client : clients) {
            if (states.remove(client) != null) {
                Meta known = meta.get(client);
                long clock = (known == null ? 0 : known.clock()) + 1;
                meta.put(client, new Meta(clock, now));
                removals.add(new AwarenessUpdate.Entry(client, clock, "null"));
            }
        }
        return new AwarenessUpdate(removals);
    }

    /** The full state of the given clients (all when empty): what a newly connected client is sent. */
    public AwarenessUpdate encode(List<Long> clients) {
        List<AwarenessUpdate.Entry> entries = new ArrayList<>();
        for (long client : clients.isEmpty() ? List.copyOf(states.keySet()) : clients) {
            Meta known = meta.get(client);
            if (known != null) {
                entries.add(new AwarenessUpdate.Entry(client, known.clock(), states.getOrDefault(client, "null")));
            }
        }
        return new AwarenessUpdate(entries);
    }

    public Map<Long, String> states() {
        return Map.copyOf(states);
    }
}
