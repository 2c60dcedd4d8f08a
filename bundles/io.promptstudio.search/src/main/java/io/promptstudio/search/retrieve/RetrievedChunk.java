package io.promptstudio.search.retrieve;

/**
 * A chunk retrieved for a question.
 *
 * @param relevance how well it matches the question, 0..1: its fused rank (1 when first for both BM25 and vectors)
 * @param trust     how far to believe it, 0..1: the source's trust, its freshness and whether other sources agree
 * @param agreement the highest similarity to a retrieved chunk of another source (0 when none)
 */
public record RetrievedChunk(String id, String source, String location, String title, String text, int tokens, double relevance,
        double trust, double sourceTrust, double freshness, double agreement) {

    /** What the context packer orders by: relevance, discounted for doubtful sources. */
    public double weight() {
        return relevance * (0.5 + 0.5 * trust);
    }
}
