package io.promptstudio.cli;

import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.MiniLmEmbedder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the in-process embedding model: sentences per second one at a time and in batches, after a warm-up. */
@Command(name = "bench-embed", mixinStandardHelpOptions = true, hidden = true,
        description = "Measure the embedding model's throughput (sentences/s) one at a time and batched.")
final class BenchEmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sentences", description = "Sentences per measurement (default: ${DEFAULT-VALUE}).")
    int sentences = 1000;

    private static final String[] SUBJECTS = {"The refund", "Our API", "The on-call engineer", "A customer", "The invoice", "This prompt",
        "The model", "The sync server", "Your password", "The report"};
    private static final String[] PREDICATES = {"must be approved within three business days", "returns a structured answer with citations",
        "was escalated after the second failed payment", "needs the order number and the delivery address", "is cached for seven days",
        "can be restored from any named version", "fails when the token has expired", "summarises the thread in five bullet points"};

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Embedder embedder = MiniLmEmbedder.shared();
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        int totalTokens = 0;
        for (int i = 0; i < sentences; i++) {
            String sentence = SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + PREDICATES[random.nextInt(PREDICATES.length)] + " (case " + i + ").";
            texts.add(sentence);
            totalTokens += io.promptstudio.search.ingest.Tokens.count(sentence);
        }
        embedder.embedAll(texts.subList(0, Math.min(100, texts.size())));
        out.printf("%s, %d sentences of %.1f tokens on average, %d cores%n", embedder.id(), sentences, (double) totalTokens / sentences,
                Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        for (String text : texts) {
            embedder.embed(text);
        }
        double single = sentences / ((System.nanoTime() - start) / 1e9);
        out.printf("one at a time: %.0f sentences/s%n", single);
        for (int batch : new int[] {8, 32, 128}) {
            start = System.nanoTime();
            for (int from = 0; from < texts.size(); from += batch) {
                embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + batch)));
            }
            out.printf("batches of %d:  %.0f sentences/s%n", batch, sentences / ((System.nanoTime() - start) / 1e9));
        }
        out.flush();
        return 0;
    }
}
