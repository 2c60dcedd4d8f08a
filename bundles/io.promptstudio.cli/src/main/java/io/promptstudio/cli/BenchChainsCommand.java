package io.promptstudio.cli;

import com.sun.net.httpserver.HttpServer;
import io.promptstudio.chains.ChainGraphExport;
import io.promptstudio.chains.ChainOutcome;
import io.promptstudio.chains.ChainRunner;
import io.promptstudio.chains.ChainStore;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures chains on a generated chain of N stages, each reading the one before, against a provider on a loopback port
 * that answers at once (OpenAI's protocol, streamed or not as asked): checking the file, drawing it, and the executor's
 * own time per stage — the chain's wall time less that of the same N calls made one after another through the run path
 * directly, so that what is left is what the executor adds (scheduling, evaluating arguments, keeping each stage's
 * result in the H2 chain store).
 */
@Command(name = "bench-chains", mixinStandardHelpOptions = true, hidden = true,
        description = "Measure a generated chain: checking, drawing, and the executor's overhead per stage against a zero-latency provider.")
final class BenchChainsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--stages", description = "Stages in the generated chain (default: ${DEFAULT-VALUE}).")
    int stages = 200;

    @Option(names = "--rounds", description = "Measured rounds after one warm-up (default: ${DEFAULT-VALUE}).")
    int rounds = 15;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (stages < 2 || stages > 5000 || rounds < 1 || rounds > 100) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio bench-chains: --stages is 2 to 5000, --rounds 1 to 100");
        }
        HttpServer provider = zeroLatencyProvider();
        Path folder = Files.createTempDirectory("promptstudio-bench-chains");
        try {
            Path file = folder.resolve("long.pstudio");
            Files.writeString(file, chainSource(stages, "http://127.0.0.1:" + provider.getAddress().getPort() + "/v1"));
            long start = System.nanoTime();
            LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
            var findings = new LanguageChecker().check(workspace);
            double checkMillis = (System.nanoTime() - start) / 1e6;
            if (!findings.isEmpty()) {
                throw new IllegalStateException("the generated chain does not check: " + findings.get(0));
            }
            Chain chain = workspace.chain("Long");
            String step = workspace.nameOf(workspace.prompt("Step"));
            start = System.nanoTime();
            String svg = ChainGraphExport.svg(chain);
            double drawMillis = (System.nanoTime() - start) / 1e6;
            out.printf("chain of %d stages, each reading the one before; %d cores%n", stages, Runtime.getRuntime().availableProcessors());
            out.printf("load and check the file: %.1f ms; draw it (SVG, %d kB): %.1f ms%n", checkMillis, svg.length() / 1024, drawMillis);
            List<Double> chained = new ArrayList<>();
            List<Double> unstored = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            List<Double> storedOverhead = new ArrayList<>();
            List<Double> unstoredOverhead = new ArrayList<>();
            List<Double> ownTime = new ArrayList<>();
            List<Double> ownTimeUnstored = new ArrayList<>();
            try (CliRunner runner = new CliRunner(workspace, folder.resolve("history"), null, null, "bench-chains", CliRunner.CacheAccess.NONE);
                    ChainStore store = ChainStore.open(folder.resolve("chains"))) {
                var evaluator = workspace.languageInjector().getInstance(ExpectationEvaluator.class);
                ChainRunner withStore = ChainRunner.builder().runs(runner.runs()).store(store).names(workspace::nameOf).evaluator(evaluator).build();
                ChainRunner withoutStore = ChainRunner.builder().runs(runner.runs()).names(workspace::nameOf).evaluator(evaluator).build();
                for (int round = 0; round <= rounds; round++) {
                    double[] millis = new double[3];
                    // the three in a different order each round, so that what runs first or last in a round (a collection,
                    // a warmer cache) does not land on one of them
                    for (int turn = 0; turn < 3; turn++) {
                        int which = (turn + round) % 3;
                        long began = System.nanoTime();
                        if (which == 2) {
                            for (int i = 0; i < stages; i++) {
                                // what the chain gives each stage: the input, then the text of the stage before
                                RunRecord run = runner.run(RunRequest.of(step, Map.of("text", i == 0 ? "start" : "more")), RunListener.NONE);
                                if (!RunRecord.SUCCEEDED.equals(run.status())) {
                                    throw new IllegalStateException("a direct call failed: " + run.errorMessage());
                                }
                            }
                        } else {
                            ChainOutcome outcome = (which == 0 ? withStore : withoutStore).run(chain, Map.of("text", "start"),
                                    ChainRunner.Listener.NONE, Cancellation.none());
                            if (!outcome.succeeded()) {
                                throw new IllegalStateException("the chain failed: " + outcome.error());
                            }
                            if (round > 0) {
                                // a chain whose stages run one after another: what is not in the run path is the executor's
                                (which == 0 ? ownTime : ownTimeUnstored).add(((System.nanoTime() - began) - outcome.runPathNanos()) / 1e6 / stages);
                            }
                        }
                        millis[which] = (System.nanoTime() - began) / 1e6;
                    }
                    if (round > 0) {
                        chained.add(millis[0]);
                        unstored.add(millis[1]);
                        direct.add(millis[2]);
                        storedOverhead.add((millis[0] - millis[2]) / stages);
                        unstoredOverhead.add((millis[1] - millis[2]) / stages);
                    }
                }
            }
            out.printf("the chain through the executor: %.1f ms; without the chain store: %.1f ms; the same %d calls one after another: %.1f ms"
                    + " (medians of %d rounds)%n", median(chained), median(unstored), stages, median(direct), rounds);
            out.printf("executor overhead per stage: %.3f ms (the chain's time outside the run path, median of %d rounds; target: 0.2 ms or"
                    + " less); %.3f ms without the chain store%n", median(ownTime), rounds, median(ownTimeUnstored));
            out.printf("  against the same calls made directly (median of the rounds' differences, noisier): %.3f ms with the chain store,"
                    + " %.3f ms without%n", median(storedOverhead), median(unstoredOverhead));
            out.flush();
            return 0;
        } finally {
            provider.stop(0);
            ((java.util.concurrent.ExecutorService) provider.getExecutor()).shutdownNow();
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String chainSource(int count, String endpoint) {
        StringBuilder source = new StringBuilder("""
                profile zero {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "bench"
                  temperature = 0
                }

                class Text {
                  text: string
                }

                prompt Step(text: string) -> Text using zero {
                  user "Go on from: {{ text }} {{ output_format }}"
                }

                chain Long(text: string) -> Text {
                  stage s1 = Step(text: text)
                """.formatted(endpoint));
        for (int i = 2; i <= count; i++) {
            source.append("  stage s").append(i).append(" = Step(text: s").append(i - 1).append(".text)\n");
        }
        return source.append("  return s").append(count).append("\n}\n").toString();
    }

    /** Answers every chat request at once with the same small typed answer, streamed when asked. */
    private static HttpServer zeroLatencyProvider() throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String content = "{\\\"text\\\": \\\"more\\\"}";
        byte[] whole = ("{\"id\":\"b\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}").getBytes(StandardCharsets.UTF_8);
        byte[] streamed = ("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean stream = body.replace(" ", "").contains("\"stream\":true");
            byte[] reply = stream ? streamed : whole;
            exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(reply);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
