package io.promptstudio.search.index;

/**
 * One result.
 *
 * @param score         what the results are ordered by: the fused reciprocal-rank score in hybrid mode, otherwise
 *                      the BM25 score or the cosine similarity
 * @param keywordRank   1-based rank among the BM25 results, 0 when BM25 did not find it
 * @param vectorRank    1-based rank among the nearest neighbours, 0 when not among them
 * @param similarity    cosine similarity of the item to the query (NaN when not computed)
 * @param snippet       the part of the text that best matches the query
 */
public record SearchHit(IndexedItem item, double score, int keywordRank, int vectorRank, double similarity, String snippet) {
}
