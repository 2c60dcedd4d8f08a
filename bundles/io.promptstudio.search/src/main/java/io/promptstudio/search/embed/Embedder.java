package io.promptstudio.search.embed;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a unit-length vector, so that the dot product of two vectors is their cosine similarity. The
 * index and the cache store vectors of one embedder: {@link #id()} is recorded with them, and a different id
 * means the stored vectors must be rebuilt.
 */
public interface Embedder {

    /** What produced the vectors, e.g. {@code all-minilm-l6-v2}: stored with an index to detect a change of model. */
    String id();

    int dimension();

    /** The unit vector of one text. */
    float[] embed(String text);

    /** The vectors of many texts, in order; models batch them. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
