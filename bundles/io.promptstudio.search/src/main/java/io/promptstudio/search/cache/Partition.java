package io.promptstudio.search.cache;

import io.promptstudio.search.embed.Vectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live entries of one cache key in memory, laid out for the lookup's scan: int8 vectors in one array of rows
 * (allocated one after another, so the scan streams through memory instead of chasing pointers), identical
 * inputs found by hash, and expiry checked only once the earliest expiry has passed.
 */
final class Partition {

    record Entry(long id, String inputHash, float[] vector, QueryFacts facts, Instant expiresAt) {
    }

    private Entry[] entries = new Entry[16];
    private byte[][] rows = new byte[16][];
    private int size;
    private final Map<String, Entry> byInputHash = new HashMap<>();
    private long earliestExpiry = Long.MAX_VALUE;

    int size() {
        return size;
    }

    Entry get(int index) {
        return entries[index];
    }

    Entry byInputHash(String hash) {
        return byInputHash.get(hash);
    }

    void add(Entry entry) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            rows = Arrays.copyOf(rows, size * 2);
        }
        entries[size] = entry;
        rows[size] = Vectors.int8(entry.vector());
        size++;
        byInputHash.put(entry.inputHash(), entry);
        earliestExpiry = Math.min(earliestExpiry, entry.expiresAt().toEpochMilli());
    }

    /** Removes by moving the last entry into the gap: order does not matter to a scan. */
    void remove(long id) {
        for (int i = 0; i < size; i++) {
            if (entries[i].id() == id) {
                byInputHash.remove(entries[i].inputHash());
                size--;
                entries[i] = entries[size];
                rows[i] = rows[size];
                entries[size] = null;
                rows[size] = null;
                return;
            }
        }
    }

    /** Estimated similarities of the query to every entry, by int8 dot products. */
    double[] estimates(byte[] query) {
        double[] estimates = new double[size];
        for (int i = 0; i < size; i++) {
            estimates[i] = Vectors.dotInt8(query, rows[i]);
        }
        return estimates;
    }

    List<Entry> expired(Instant now) {
        long millis = now.toEpochMilli();
        if (millis < earliestExpiry) {
            return List.of();
        }
        List<Entry> expired = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            long expires = entries[i].expiresAt().toEpochMilli();
            if (expires <= millis) {
                expired.add(entries[i]);
            } else {
                earliest = Math.min(earliest, expires);
            }
        }
        earliestExpiry = earliest;
        return expired;
    }
}
