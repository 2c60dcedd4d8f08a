package io.promptstudio.cli;

import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.Vectors;
import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.index.SearchRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the index at scale: N chunks of 384-dimension vectors with text, indexed into a real Lucene folder,
 * then recall@10 of the HNSW search against exact brute force, query latency (vector and hybrid), indexing time
 * and size on disk — with float vectors and with int8 quantization, in one run. The vectors are synthetic
 * (topics and subtopics with noise, unit length, as sentence embeddings cluster) so that the run takes minutes,
 * not the hour that embedding 100,000 real chunks would on two cores; the embedding model's own speed is
 * measured separately by {@code bench-embed}.
 */
@Command(name = "bench-search", mixinStandardHelpOptions = true, hidden = true,
        description = "Measure recall@10, query p50/p99, indexing time and index size at 100,000 chunks, with and without int8 quantization.")
final class BenchSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--chunks", description = "Chunks to index (default: ${DEFAULT-VALUE}).")
    int chunks = 100_000;

    @Option(names = "--dimensions", description = "Vector dimensions (default: ${DEFAULT-VALUE}, all-MiniLM-L6-v2's).")
    int dimensions = 384;

    @Option(names = "--queries", description = "Queries timed; recall is computed on the first --recall-queries (default: ${DEFAULT-VALUE}).")
    int queries = 1000;

    @Option(names = "--recall-queries", description = "Queries checked against brute force (default: ${DEFAULT-VALUE}).")
    int recallQueries = 300;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 20261201;

    private static final int TOPICS = 250;
    private static final int SUBTOPICS = 16;
    private static final int BATCH = 1000;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Random random = new Random(seed);
        float[][] topics = randomUnits(random, TOPICS, dimensions);
        float[][] subtopics = randomUnits(random, TOPICS * SUBTOPICS, dimensions);
        float[][] vectors = new float[chunks][];
        int[] topicOf = new int[chunks];
        List<String> texts = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            int topic = random.nextInt(TOPICS);
            topicOf[i] = topic;
            vectors[i] = point(random, topics[topic], subtopics[topic * SUBTOPICS + random.nextInt(SUBTOPICS)]);
            texts.add(text(random, topic, 40));
        }
        float[][] queryVectors = new float[queries][];
        List<String> queryTexts = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            int topic = random.nextInt(TOPICS);
            queryVectors[q] = point(random, topics[topic], subtopics[topic * SUBTOPICS + random.nextInt(SUBTOPICS)]);
            queryTexts.add(text(random, topic, 4));
        }
        out.printf("%d chunks × %d dimensions (synthetic: %d topics × %d subtopics), %d queries; exact top-10 by brute force…%n", chunks, dimensions,
                TOPICS, SUBTOPICS, queries);
        out.flush();
        int checked = Math.min(recallQueries, queries);
        int[][] exact = new int[checked][];
        IntStream.range(0, checked).parallel().forEach(q -> exact[q] = exactNearest(vectors, queryVectors[q], 10));
        out.println();
        out.println("| vectors | indexing (add + commit) | merge to one segment | index size | recall@10 | vector p50 | vector p99 | hybrid p50 | hybrid p99 |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (SearchIndex.Options options : List.of(SearchIndex.Options.DEFAULT, SearchIndex.Options.DEFAULT.quantize())) {
            measure(out, options, vectors, texts, queryVectors, queryTexts, exact);
        }
        out.flush();
        return 0;
    }

    private void measure(PrintWriter out, SearchIndex.Options options, float[][] vectors, List<String> texts, float[][] queryVectors,
            List<String> queryTexts, int[][] exact) throws Exception {
        Path folder = Files.createTempDirectory("promptstudio-bench-search");
        Embedder given = new GivenVectors(dimensions);
        try (SearchIndex index = SearchIndex.open(folder, given, options, message -> { })) {
            long start = System.nanoTime();
            for (int batch = 0; batch * BATCH < vectors.length; batch++) {
                int from = batch * BATCH;
                int to = Math.min(vectors.length, from + BATCH);
                String source = "bench/" + batch;
                List<IndexedItem> items = new ArrayList<>(to - from);
                List<float[]> batchVectors = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    items.add(new IndexedItem("chunk:" + i, IndexedItem.CHUNK, source, "bench", "chunk " + i, texts.get(i), List.of(), i, "", 0));
                    batchVectors.add(vectors[i]);
                }
                index.replaceSource(source, null, items, batchVectors);
            }
            index.commit();
            double indexing = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            index.optimize();
            double merging = (System.nanoTime() - start) / 1e9;
            long size = index.sizeOnDisk();
            int found = 0;
            double[] vectorMillis = new double[queryVectors.length];
            double[] hybridMillis = new double[queryVectors.length];
            for (int warm = 0; warm < 200; warm++) {
                index.search(SearchRequest.of(queryTexts.get(warm % queryTexts.size()), 10), queryVectors[warm % queryVectors.length]);
            }
            for (int q = 0; q < queryVectors.length; q++) {
                long before = System.nanoTime();
                List<SearchHit> hits = index.search(SearchRequest.of(queryTexts.get(q), 10).withMode(SearchRequest.Mode.VECTOR), queryVectors[q]);
                vectorMillis[q] = (System.nanoTime() - before) / 1e6;
                before = System.nanoTime();
                index.search(SearchRequest.of(queryTexts.get(q), 10), queryVectors[q]);
                hybridMillis[q] = (System.nanoTime() - before) / 1e6;
                if (q < exact.length) {
                    Set<Integer> truth = new HashSet<>();
                    for (int id : exact[q]) {
                        truth.add(id);
                    }
                    for (SearchHit hit : hits) {
                        if (truth.contains(Integer.parseInt(hit.item().id().substring("chunk:".length())))) {
                            found++;
                        }
                    }
                }
            }
            Percentiles vector = new Percentiles(vectorMillis);
            Percentiles hybrid = new Percentiles(hybridMillis);
            out.printf("| %s | %.1f s | %.1f s | %.0f MB | %.3f | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", options.quantized() ? "int8" : "float32",
                    indexing, merging, size / 1e6, (double) found / (exact.length * 10), vector.at(50), vector.at(99), hybrid.at(50), hybrid.at(99));
            out.flush();
        } finally {
            BenchCacheCommand.deleteTree(folder);
        }
    }

    /** The exact nearest neighbours by brute force over every stored vector: the ground truth recall is measured against. */
    private static int[] exactNearest(float[][] vectors, float[] query, int k) {
        Integer[] order = new Integer[vectors.length];
        double[] scores = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            order[i] = i;
            scores[i] = Vectors.dot(vectors[i], query);
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> -scores[i]));
        int[] nearest = new int[Math.min(k, vectors.length)];
        for (int i = 0; i < nearest.length; i++) {
            nearest[i] = order[i];
        }
        return nearest;
    }

    /** Vectors are given with the items; queries bring theirs: an embedder is never called. */
    private record GivenVectors(int dimension) implements Embedder {
        @Override
        public String id() {
            return "bench-given-vectors";
        }

        @Override
        public float[] embed(String text) {
            throw new UnsupportedOperationException("the benchmark passes every vector itself");
        }
    }

    private float[] point(Random random, float[] topic, float[] subtopic) {
        float[] vector = new float[dimensions];
        // noise of length about 0.6 around topic + subtopic: neighbours at cosine 0.5-0.9, as sentence embeddings of one subject are
        double noise = 0.6 / Math.sqrt(dimensions);
        for (int d = 0; d < dimensions; d++) {
            vector[d] = (float) (topic[d] + 0.8 * subtopic[d] + noise * random.nextGaussian());
        }
        return Vectors.normalized(vector);
    }

    private static float[][] randomUnits(Random random, int count, int dimensions) {
        float[][] units = new float[count][];
        for (int i = 0; i < count; i++) {
            float[] vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                vector[d] = (float) random.nextGaussian();
            }
            units[i] = Vectors.normalized(vector);
        }
        return units;
    }

    /** Words of the topic's own vocabulary mixed with common ones, so BM25 has something to rank. */
    private static String text(Random random, int topic, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(' ');
            }
            if (random.nextInt(3) == 0) {
                text.append("t").append(topic).append("w").append(random.nextInt(40));
            } else {
                // a Zipf-like pick among 5,000 common words
                int rank = (int) Math.floor(Math.pow(5000, random.nextDouble()));
                text.append("c").append(rank);
            }
        }
        return text.toString();
    }
}
