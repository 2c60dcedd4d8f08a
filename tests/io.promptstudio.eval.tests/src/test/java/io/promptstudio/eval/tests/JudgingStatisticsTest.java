package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.eval.internal.Scores;
import io.promptstudio.eval.stats.PairedComparison;
import io.promptstudio.eval.stats.PairwiseJudging;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pairwise judge's sign test and win-rate interval give SciPy's numbers, and BLEU gives NLTK's, on fixed data:
 * {@code scipy/judging.py} made {@code scipy/judging.json} with the SciPy and NLTK it names.
 */
class JudgingStatisticsTest {

    private static JsonNode golden;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = new ObjectMapper().readTree(Path.of("scipy/judging.json").toFile());
    }

    @Test
    void signTestAndWilsonIntervalMatchScipysBinomtest() {
        assertTrue(golden.path("sign").size() >= 5);
        for (JsonNode each : golden.path("sign")) {
            int wins = each.path("wins").asInt();
            int losses = each.path("losses").asInt();
            PairwiseJudging judged = new PairwiseJudging(wins, losses, 3, 1, 2);
            String name = wins + " wins, " + losses + " losses";
            assertEquals(each.path("p").asDouble(), judged.pValue(), 1e-9, name);
            PairedComparison.Interval interval = judged.winRateInterval(0.95);
            assertEquals(each.path("low").asDouble(), interval.low(), 1e-9, name);
            assertEquals(each.path("high").asDouble(), interval.high(), 1e-9, name);
        }
        PairwiseJudging undecided = new PairwiseJudging(0, 0, 4, 4, 0);
        assertNull(undecided.winRate(), "ties only: no win rate, not NaN");
        assertNull(undecided.winRateInterval(0.95));
        assertEquals(1.0, undecided.pValue());
    }

    @Test
    void bleuMatchesNltksSentenceBleuWithSmoothingMethodOne() {
        assertTrue(golden.path("bleu").size() >= 5);
        for (JsonNode each : golden.path("bleu")) {
            String answer = each.path("answer").asText();
            assertEquals(each.path("bleu").asDouble(), Scores.bleu(answer, each.path("reference").asText()), 1e-9, answer);
        }
        assertEquals(0.0, Scores.bleu("", "anything"), "no words, no score");
    }
}
