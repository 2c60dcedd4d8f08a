package io.promptstudio.eval.internal;

import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The scores an eval's assertions can call besides the language's functions, each between 0 and 1. */
public final class Scores {

    private Scores() {
    }

    /**
     * {@code similarity(a, b)}: 1 − the Levenshtein distance over the longer text's length; {@code rougeL(answer,
     * reference)}; {@code bleu(answer, reference)}; {@code semanticSimilarity(a, b)}: the cosine of the texts'
     * embeddings (below 0 counts as 0); {@code meanSimilarity(texts, text)}: the mean of each one's with the text (0
     * for none); and {@code jsonSchemaValid(value, file)}: whether the value (an answer's text is read as JSON) is
     * valid against the JSON Schema in {@code file}, resolved in {@code schemaFolder} (the folder of the file that
     * holds the assertion). The embedder is asked for only when an assertion embeds.
     */
    public static Map<String, Function<List<Object>, Object>> functions(Supplier<Embedder> embedder, java.nio.file.Path schemaFolder) {
        return Map.of("similarity", arguments -> similarity(text(arguments.get(0)), text(arguments.get(1))), "rougeL",
                arguments -> rougeL(text(arguments.get(0)), text(arguments.get(1))), "bleu",
                arguments -> bleu(text(arguments.get(0)), text(arguments.get(1))), "semanticSimilarity",
                arguments -> semanticSimilarity(embedder.get(), text(arguments.get(0)), text(arguments.get(1))), "meanSimilarity",
                arguments -> meanSimilarity(embedder.get(), arguments.get(0), text(arguments.get(1))), "jsonSchemaValid",
                arguments -> JsonSchemas.valid(arguments.get(0), schemaFolder.resolve(text(arguments.get(1))).normalize()));
    }

    public static double semanticSimilarity(Embedder embedder, String a, String b) {
        return Math.max(0, Math.min(1, Vectors.dot(embedder.embed(a), embedder.embed(b))));
    }

    private static double meanSimilarity(Embedder embedder, Object texts, String text) {
        if (!(texts instanceof List<?> list)) {
            throw new IllegalArgumentException("meanSimilarity takes a list of texts first, not " + texts);
        }
        if (list.isEmpty()) {
            return 0;
        }
        float[] target = embedder.embed(text);
        double sum = 0;
        for (float[] vector : embedder.embedAll(list.stream().map(Scores::text).toList())) {
            sum += Math.max(0, Math.min(1, Vectors.dot(vector, target)));
        }
        return sum / list.size();
    }

    /**
     * Sentence BLEU-4 of an answer against one reference, as NLTK's {@code sentence_bleu} with uniform weights and
     * smoothing method 1 (a missing n-gram order counts 0.1 matches, so that a short answer is not 0 outright): the
     * geometric mean of the clipped n-gram precisions times the brevity penalty, on the words {@link #rougeL} splits.
     */
    public static double bleu(String answer, String reference) {
        List<String> candidate = words(answer);
        List<String> target = words(reference);
        double logSum = 0;
        for (int n = 1; n <= 4; n++) {
            Map<List<String>, Integer> wanted = ngrams(target, n);
            int matches = 0;
            for (Map.Entry<List<String>, Integer> gram : ngrams(candidate, n).entrySet()) {
                matches += Math.min(gram.getValue(), wanted.getOrDefault(gram.getKey(), 0));
            }
            if (n == 1 && matches == 0) {
                return 0;
            }
            int total = Math.max(1, candidate.size() - n + 1);
            logSum += 0.25 * Math.log(matches == 0 ? 0.1 / total : (double) matches / total);
        }
        int c = candidate.size();
        int r = target.size();
        double brevity = c > r ? 1 : Math.exp(1 - (double) r / c);
        return brevity * Math.exp(logSum);
    }

    private static Map<List<String>, Integer> ngrams(List<String> words, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            counts.merge(words.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
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
