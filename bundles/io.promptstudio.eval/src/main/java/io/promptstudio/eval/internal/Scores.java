package io.promptstudio.eval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The scores an eval's assertions can call besides the language's functions, each between 0 and 1. */
public final class Scores {

    private Scores() {
    }

    /** {@code similarity(a, b)}: 1 − the Levenshtein distance over the longer text's length. {@code rougeL(answer, reference)}. */
    public static Map<String, Function<List<Object>, Object>> functions() {
        return Map.of("similarity", arguments -> similarity(text(arguments.get(0)), text(arguments.get(1))), "rougeL",
                arguments -> rougeL(text(arguments.get(0)), text(arguments.get(1))));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    public static double similarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1.0 : 1.0 - (double) LevenshteinDistance.getDefaultInstance().apply(a, b) / longer;
    }

    /**
     * ROUGE-L's F-measure (β = 1) of an answer against a reference: the longest common subsequence of their words
     * (lower-cased, split at anything that is not a letter or digit), over each one's length.
     */
    public static double rougeL(String answer, String reference) {
        List<String> candidate = words(answer);
        List<String> target = words(reference);
        if (candidate.isEmpty() || target.isEmpty()) {
            return candidate.isEmpty() && target.isEmpty() ? 1.0 : 0.0;
        }
        int[] previous = new int[target.size() + 1];
        int[] current = new int[target.size() + 1];
        for (String word : candidate) {
            for (int j = 1; j <= target.size(); j++) {
                current[j] = word.equals(target.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        double common = previous[target.size()];
        if (common == 0) {
            return 0.0;
        }
        double precision = common / candidate.size();
        double recall = common / target.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
