package io.promptstudio.search.retrieve;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits retrieved chunks into a token budget: the heaviest first ({@link RetrievedChunk#weight()}), skipping a
 * chunk that does not fit and trying the lighter ones after it, so that the budget is used and nothing is cut
 * mid-sentence.
 */
public final class ContextPacker {

    /**
     * @param chunks  what went in, in the order packed
     * @param tokens  their estimated tokens together
     * @param dropped chunks left out for want of room
     */
    public record Packed(List<RetrievedChunk> chunks, int tokens, int dropped) {
    }

    private ContextPacker() {
    }

    public static Packed pack(List<RetrievedChunk> candidates, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("the context budget must be at least 1 token, not " + budget);
        }
        List<RetrievedChunk> sorted = new ArrayList<>(candidates);
        sorted.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        List<RetrievedChunk> packed = new ArrayList<>();
        int used = 0;
        int dropped = 0;
        for (RetrievedChunk chunk : sorted) {
            if (used + chunk.tokens() <= budget) {
                packed.add(chunk);
                used += chunk.tokens();
            } else {
                dropped++;
            }
        }
        return new Packed(packed, used, dropped);
    }
}
