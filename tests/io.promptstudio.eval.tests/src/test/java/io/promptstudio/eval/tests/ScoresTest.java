package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.eval.internal.Scores;
import org.junit.jupiter.api.Test;

/** The similarity scores on values worked out by hand. */
class ScoresTest {

    @Test
    void rougeLIsTheFMeasureOfTheLongestCommonSubsequenceOfWords() {
        // LCS "the cat on the mat": 5 of 6 words on each side
        assertEquals(5.0 / 6, Scores.rougeL("The cat sat on the mat.", "the cat is on the mat"), 1e-12);
        assertEquals(0.0, Scores.rougeL("nothing shared", "at all"));
        assertEquals(1.0, Scores.rougeL("", ""));
        assertEquals(0.0, Scores.rougeL("words", ""));
        // precision 2/2, recall 2/4: F = 2·1·0.5 / 1.5
        assertEquals(2.0 / 3, Scores.rougeL("red fox", "the red quick fox"), 1e-12);
    }

    @Test
    void similarityIsOneMinusTheLevenshteinDistanceOverTheLongerLength() {
        assertEquals(1 - 3.0 / 7, Scores.similarity("kitten", "sitting"), 1e-12);
        assertEquals(1.0, Scores.similarity("", ""));
        assertEquals(0.0, Scores.similarity("abc", "xyz"));
    }
}
