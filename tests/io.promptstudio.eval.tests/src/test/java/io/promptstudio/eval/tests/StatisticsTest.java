package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.eval.stats.MultipleTests;
import io.promptstudio.eval.stats.PairedComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The A/B statistics give SciPy's numbers on fixed data: {@code scipy/golden.py} made {@code scipy/golden.json} with
 * the SciPy it names.
 */
class StatisticsTest {

    private static JsonNode golden;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = new ObjectMapper().readTree(Path.of("scipy/golden.json").toFile());
    }

    @Test
    void wilcoxonSignedRankMatchesScipyExactAndApproximate() {
        for (JsonNode each : golden.path("wilcoxon")) {
            double[] a = doubles(each.path("a"));
            double[] b = doubles(each.path("b"));
            PairedComparison.Wilcoxon ours = comparison(a, b).wilcoxon();
            String name = each.path("name").asText();
            assertEquals(each.path("exact").asBoolean(), ours.exact(), name);
            assertEquals(each.path("statistic").asDouble(), ours.statistic(), 1e-9, name);
            assertEquals(each.path("p").asDouble(), ours.pValue(), 1e-9, name);
        }
    }

    @Test
    void mcnemarsExactTestMatchesScipysBinomialTest() {
        for (JsonNode each : golden.path("mcnemar")) {
            int onlyA = each.path("onlyA").asInt();
            int onlyB = each.path("onlyB").asInt();
            boolean[] passA = new boolean[onlyA + onlyB + 5];
            boolean[] passB = new boolean[passA.length];
            for (int i = 0; i < passA.length; i++) {
                passA[i] = i < onlyA || i >= onlyA + onlyB;
                passB[i] = i >= onlyA;
            }
            double[] scores = new double[passA.length];
            PairedComparison.McNemar ours = new PairedComparison(scores, scores, passA, passB).mcnemar();
            assertEquals(onlyA, ours.onlyA());
            assertEquals(onlyB, ours.onlyB());
            assertEquals(each.path("p").asDouble(), ours.pValue(), 1e-12, onlyA + " / " + onlyB);
        }
    }

    @Test
    void holmBonferroniAdjustsAsDefined() {
        for (JsonNode each : golden.path("holm")) {
            assertArrayEquals(doubles(each.path("adjusted")), MultipleTests.holm(doubles(each.path("p"))), 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> MultipleTests.holm(new double[] {0.2, Double.NaN}));
    }

    @Test
    void theMinimumDetectableEffectUsesScipysNormalQuantiles() {
        for (JsonNode each : golden.path("mde")) {
            int n = each.path("n").asInt();
            double spread = each.path("spread").asDouble();
            // an even number of differences alternating ±spread·√((n−1)/n) has exactly this sample standard deviation
            assertEquals(0, n % 2, "the golden sizes are even");
            double[] a = new double[n];
            double[] b = new double[n];
            double step = spread * Math.sqrt((n - 1.0) / n);
            for (int i = 0; i < n; i++) {
                b[i] = i % 2 == 0 ? step : -step;
            }
            PairedComparison comparison = comparison(a, b);
            double expected = each.path("mde").asDouble();
            double ours = comparison.minimumDetectableEffect(each.path("alpha").asDouble(), each.path("power").asDouble());
            assertEquals(expected, ours, 1e-9, "n " + n);
        }
    }

    @Test
    void theBootstrapIntervalAgreesWithScipysWithinResamplingError() {
        JsonNode each = golden.path("bootstrap").get(0);
        PairedComparison comparison = comparison(doubles(each.path("a")), doubles(each.path("b")));
        PairedComparison.Interval ours = comparison.bootstrapInterval(0.95, 20_000, 7);
        double width = each.path("high").asDouble() - each.path("low").asDouble();
        assertEquals(each.path("low").asDouble(), ours.low(), width * 0.05, "low");
        assertEquals(each.path("high").asDouble(), ours.high(), width * 0.05, "high");
        assertEquals(ours, comparison.bootstrapInterval(0.95, 20_000, 7), "the same seed gives the same interval");
        assertTrue(ours.low() < comparison.meanDifference() && comparison.meanDifference() < ours.high());
    }

    @Test
    void aComparisonRefusesUnpairedOrMissingScores() {
        assertThrows(IllegalArgumentException.class, () -> comparison(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> comparison(new double[0], new double[0]));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> comparison(new double[] {1, Double.NaN}, new double[] {1, 1}));
        assertTrue(nan.getMessage().contains("case 2"), nan.getMessage());
    }

    @Test
    void identicalVariantsAreNoDifference() {
        double[] same = {0.2, 0.4, 0.9};
        PairedComparison comparison = comparison(same, same);
        assertEquals(1.0, comparison.wilcoxon().pValue());
        assertEquals(1.0, comparison.mcnemar().pValue());
        assertEquals(0.0, comparison.meanDifference());
    }

    private static PairedComparison comparison(double[] a, double[] b) {
        boolean[] passA = new boolean[a.length];
        boolean[] passB = new boolean[b.length];
        for (int i = 0; i < passA.length; i++) {
            passA[i] = a[i] >= 0.5;
        }
        for (int i = 0; i < passB.length; i++) {
            passB[i] = b[i] >= 0.5;
        }
        return new PairedComparison(a, b, passA, passB);
    }

    private static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }
}
