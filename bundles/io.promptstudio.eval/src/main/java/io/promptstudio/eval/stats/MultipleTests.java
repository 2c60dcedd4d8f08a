package io.promptstudio.eval.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Corrections for testing several metrics of one comparison at once. */
public final class MultipleTests {

    private MultipleTests() {
    }

    /**
     * Holm–Bonferroni adjusted p-values, in the order given: the i-th smallest of m is multiplied by m − i + 1, kept
     * at least as large as the adjusted values before it, and capped at 1. A metric is significant at level α when
     * its adjusted p-value is below α.
     */
    public static double[] holm(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            if (Double.isNaN(pValues[index]) || pValues[index] < 0 || pValues[index] > 1) {
                throw new IllegalArgumentException("p-value " + pValues[index] + " is not in [0, 1]");
            }
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }
}
