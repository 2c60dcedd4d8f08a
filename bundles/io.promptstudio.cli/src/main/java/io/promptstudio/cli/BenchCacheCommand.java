package io.promptstudio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.search.cache.CacheKey;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.search.embed.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the semantic cache on the labelled set shipped with the CLI (bench/cache-seeds.jsonl: questions, the
 * paraphrases that should be answered from the cache, and the variants that must not — negated, other numbers,
 * other names, other dates, other questions) against plain cosine-threshold caching (GPTCache's approach) with
 * the same embeddings and threshold, in one run. All questions sit in one cache, as a real prompt's inputs do, so
 * a hit on the wrong question counts as a false hit too.
 */
@Command(name = "bench-cache", mixinStandardHelpOptions = true, hidden = true,
        description = "Measure false-hit and hit rates of the semantic cache against plain cosine caching, and lookup latency.")
final class BenchCacheCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--thresholds", split = ",", description = "Similarity thresholds to compare (default: ${DEFAULT-VALUE}).")
    List<Double> thresholds = List.of(0.80, 0.83, 0.86, 0.90);

    @Option(names = "--show-false-hits", description = "Print each false hit of the semantic cache: the question asked and the one answered.")
    boolean showFalseHits;

    @Option(names = "--entries", description = "Entries in the cache for the latency figures (default: ${DEFAULT-VALUE}).")
    int entries = 10_000;

    @Option(names = "--lookups", description = "Lookups timed (default: ${DEFAULT-VALUE}).")
    int lookups = 2_000;

    /** One labelled lookup: the variant asked, the seed whose stored question may answer it (or -1: none may). */
    private record Pair(String text, int seed, String category) {
    }

    private record Score(int trueHits, int wrongHits, int shouldHit, int mustMiss, int mustMissAnswered, Map<String, Integer> falseByCategory) {
        int hits() {
            return trueHits + wrongHits;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> questions = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                BenchCacheCommand.class.getResourceAsStream("bench/cache-seeds.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode seed = json.readTree(line);
                int index = questions.size();
                questions.add(seed.get("q").asText());
                seed.get("hit").forEach(hit -> pairs.add(new Pair(hit.asText(), index, "paraphrase")));
                seed.get("miss").fields().forEachRemaining(miss -> pairs.add(new Pair(miss.getValue().asText(), -1, miss.getKey())));
            }
        }
        long shouldHit = pairs.stream().filter(pair -> pair.seed() >= 0).count();
        out.printf("labelled set: %d questions, %d pairs (%d should hit, %d must miss)%n", questions.size(), pairs.size(), shouldHit,
                pairs.size() - shouldHit);
        Embedder embedder = MiniLmEmbedder.shared();
        long start = System.nanoTime();
        List<float[]> questionVectors = embedder.embedAll(questions);
        List<float[]> pairVectors = embedder.embedAll(pairs.stream().map(Pair::text).toList());
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("embedded %d sentences with %s in %.1f s (%.0f sentences/s, batched)%n", questions.size() + pairs.size(), embedder.id(), seconds,
                (questions.size() + pairs.size()) / seconds);
        out.println();
        out.println("| threshold | cache | hits served | false hits | false-hit rate (of hits) | must-miss answered | true hits | hit rate | kept of plain's true hits |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        Map<Double, Score[]> byThreshold = new LinkedHashMap<>();
        for (double threshold : thresholds) {
            Score plain = plain(questionVectors, pairs, pairVectors, threshold);
            Score ours = ours(questions, questionVectors, pairs, pairVectors, threshold, showFalseHits ? out : null);
            byThreshold.put(threshold, new Score[] {plain, ours});
            row(out, threshold, "plain cosine", plain, plain);
            row(out, threshold, "PromptStudio", ours, plain);
        }
        out.println();
        out.println("false hits by kind of variant (plain → ours):");
        for (var entry : byThreshold.entrySet()) {
            Score plain = entry.getValue()[0];
            Score ours = entry.getValue()[1];
            StringBuilder line = new StringBuilder(String.format("  %.2f:", entry.getKey()));
            for (String category : plain.falseByCategory().keySet()) {
                line.append(String.format(" %s %d → %d;", category, plain.falseByCategory().get(category),
                        ours.falseByCategory().getOrDefault(category, 0)));
            }
            out.println(line);
        }
        latency(out, embedder);
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, double threshold, String name, Score score, Score plain) {
        out.printf("| %.2f | %s | %d | %d | %.1f %% | %d of %d (%.1f %%) | %d of %d | %.1f %% | %s |%n", threshold, name, score.hits(), score.wrongHits(),
                score.hits() == 0 ? 0 : 100.0 * score.wrongHits() / score.hits(), score.mustMissAnswered(), score.mustMiss(),
                100.0 * score.mustMissAnswered() / score.mustMiss(), score.trueHits(), score.shouldHit(), 100.0 * score.trueHits() / score.shouldHit(),
                score == plain ? "—" : String.format("%.1f %%", 100.0 * score.trueHits() / Math.max(1, plain.trueHits())));
    }

    /** Plain caching: the most similar stored question answers when its cosine reaches the threshold. */
    private static Score plain(List<float[]> questionVectors, List<Pair> pairs, List<float[]> pairVectors, double threshold) {
        int[] answered = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            int best = -1;
            double bestScore = -1;
            for (int q = 0; q < questionVectors.size(); q++) {
                double score = Vectors.dot(pairVectors.get(i), questionVectors.get(q));
                if (score > bestScore) {
                    bestScore = score;
                    best = q;
                }
            }
            answered[i] = bestScore >= threshold ? best : -1;
        }
        return score(pairs, answered);
    }

    private static Score ours(List<String> questions, List<float[]> questionVectors, List<Pair> pairs, List<float[]> pairVectors, double threshold,
            PrintWriter falseHits) throws Exception {
        Path folder = Files.createTempDirectory("promptstudio-bench-cache");
        CacheSettings settings = new CacheSettings(Map.of(CacheSettings.DEFAULT_DOMAIN, new CacheSettings.Domain(threshold, Duration.ofDays(1))),
                100_000);
        CacheKey key = new CacheKey("bench.Answer", "v1", "deterministic", null);
        try (SemanticCache cache = SemanticCache.open(folder.resolve("cache"), MiniLmEmbedder.shared(), settings, Clock.systemUTC())) {
            Map<Long, Integer> seedOfEntry = new LinkedHashMap<>();
            for (int q = 0; q < questions.size(); q++) {
                seedOfEntry.put(cache.store(key, questions.get(q), questionVectors.get(q), "answer " + q, 100, 20, null), q);
            }
            int[] answered = new int[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                var hit = cache.lookup(key, pairs.get(i).text(), pairVectors.get(i)).hit();
                answered[i] = hit.map(h -> seedOfEntry.get(h.entry())).orElse(-1);
                if (falseHits != null && answered[i] >= 0 && answered[i] != pairs.get(i).seed()) {
                    falseHits.printf("  false hit at %.2f (%s, similarity %.3f): \"%s\" answered by \"%s\"%n", threshold, pairs.get(i).category(),
                            hit.get().similarity(), pairs.get(i).text(), questions.get(answered[i]));
                }
            }
            return score(pairs, answered);
        } finally {
            deleteTree(folder);
        }
    }

    private static Score score(List<Pair> pairs, int[] answered) {
        int trueHits = 0;
        int wrongHits = 0;
        int shouldHit = 0;
        int mustMiss = 0;
        int mustMissAnswered = 0;
        Map<String, Integer> falseByCategory = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair pair = pairs.get(i);
            falseByCategory.putIfAbsent(pair.category(), 0);
            if (pair.seed() >= 0) {
                shouldHit++;
            } else {
                mustMiss++;
            }
            if (answered[i] < 0) {
                continue;
            }
            if (answered[i] == pair.seed()) {
                trueHits++;
            } else {
                wrongHits++;
                falseByCategory.merge(pair.category(), 1, Integer::sum);
                if (pair.seed() < 0) {
                    mustMissAnswered++;
                }
            }
        }
        return new Score(trueHits, wrongHits, shouldHit, mustMiss, mustMissAnswered, falseByCategory);
    }

    /** Lookup time with precomputed query vectors, on a cache of {@code entries} entries under one key. */
    private void latency(PrintWriter out, Embedder embedder) throws Exception {
        Path folder = Files.createTempDirectory("promptstudio-bench-cache");
        Random random = new Random(42);
        CacheKey key = new CacheKey("bench.Latency", "v1", "deterministic", null);
        try (SemanticCache cache = SemanticCache.open(folder.resolve("cache"), embedder, CacheSettings.defaults(), Clock.systemUTC())) {
            for (int i = 0; i < entries; i++) {
                cache.store(key, "stored question number " + i + " about topic " + (i % 97), randomUnit(random, embedder.dimension()), "answer " + i,
                        null, null, null);
            }
            double[] millis = new double[lookups];
            for (int i = 0; i < lookups + 200; i++) {
                float[] query = randomUnit(random, embedder.dimension());
                long start = System.nanoTime();
                cache.lookup(key, "asked question number " + i, query);
                if (i >= 200) {
                    millis[i - 200] = (System.nanoTime() - start) / 1e6;
                }
            }
            Percentiles percentiles = new Percentiles(millis);
            out.printf("%nlookup with %d entries under one key (vector given, 200 warm-up lookups): p50 %.2f ms, p99 %.2f ms%n", entries,
                    percentiles.at(50), percentiles.at(99));
            double[] embedMillis = new double[200];
            for (int i = 0; i < embedMillis.length; i++) {
                long start = System.nanoTime();
                embedder.embed("How do I reset the password of account number " + i + "?");
                embedMillis[i] = (System.nanoTime() - start) / 1e6;
            }
            Percentiles embedding = new Percentiles(embedMillis);
            out.printf("embedding the input first (one sentence, unbatched): p50 %.2f ms, p99 %.2f ms%n", embedding.at(50), embedding.at(99));
        } finally {
            deleteTree(folder);
        }
    }

    private static float[] randomUnit(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return Vectors.normalized(vector);
    }

    static void deleteTree(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
