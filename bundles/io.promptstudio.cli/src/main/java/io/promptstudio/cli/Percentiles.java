package io.promptstudio.cli;

import java.util.Arrays;

/** Percentiles of measured times for the bench commands (nearest rank, on a sorted copy). */
final class Percentiles {

    private final double[] sorted;

    Percentiles(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    double at(double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
