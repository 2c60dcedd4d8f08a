package io.promptstudio.search.retrieve;

import io.promptstudio.search.embed.Vectors;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.search.ingest.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Retrieval for grounding a prompt: hybrid search over ingested chunks, each given a relevance and a trust
 * score. Trust is half the source's trust ({@link SourceTrust}), a quarter freshness (halving every
 * {@link #FRESHNESS_HALF_LIFE}) and a quarter agreement (how close the nearest chunk of another source is).
 */
public final class Retriever {

    static final Duration FRESHNESS_HALF_LIFE = Duration.ofDays(180);
    private static final double MAX_FUSED = 2.0 / (61);

    private final SearchIndex index;
    private final SourceTrust trust;
    private final Clock clock;

    public Retriever(SearchIndex index, SourceTrust trust, Clock clock) {
        this.index = index;
        this.trust = trust;
        this.clock = clock;
    }

    public List<RetrievedChunk> retrieve(String question, int limit, List<String> projects) throws IndexException {
        SearchRequest request = new SearchRequest(question, Math.max(limit, 1), SearchRequest.Mode.HYBRID, List.of(IndexedItem.CHUNK), projects, List.of());
        List<SearchHit> hits = index.search(request);
        Map<String, float[]> vectors = index.vectors(hits.stream().map(hit -> hit.item().id()).toList());
        long now = clock.millis();
        List<RetrievedChunk> chunks = new ArrayList<>();
        for (SearchHit hit : hits) {
            IndexedItem item = hit.item();
            double agreement = 0;
            float[] own = vectors.get(item.id());
            for (SearchHit other : hits) {
                float[] theirs = vectors.get(other.item().id());
                if (own != null && theirs != null && !other.item().source().equals(item.source())) {
                    agreement = Math.max(agreement, Vectors.dot(own, theirs));
                }
            }
            agreement = Math.max(0, Math.min(1, agreement));
            double ageDays = Math.max(0, now - item.modified()) / 86_400_000.0;
            double freshness = Math.pow(0.5, ageDays / FRESHNESS_HALF_LIFE.toDays());
            double sourceTrust = trust.of(item.source());
            double combined = 0.5 * sourceTrust + 0.25 * freshness + 0.25 * agreement;
            chunks.add(new RetrievedChunk(item.id(), item.source(), item.location(), item.title(), item.text(), Tokens.count(item.text()),
                    Math.min(1, hit.score() / MAX_FUSED), combined, sourceTrust, freshness, agreement));
        }
        chunks.sort(Comparator.comparingDouble(RetrievedChunk::weight).reversed());
        return chunks;
    }
}
