package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.chains.ChainGraphExport;
import io.promptstudio.chains.ChainStore;
import io.promptstudio.chains.StageResult;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promptstudio chain graph|runs|show}: a chain's drawing, its kept runs, and one run's stages. */
@Command(name = "chain", mixinStandardHelpOptions = true, description = "Chains: draw one, list their runs, show a run's stages, and"
        + " each stage's numbers over recent runs.",
        subcommands = { ChainCommand.Graph.class, ChainCommand.Runs.class, ChainCommand.Show.class, ChainCommand.Stats.class })
final class ChainCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return PromptStudioCli.EXIT_USAGE;
    }

    enum GraphFormat { dot, mermaid, svg }

    @Command(name = "graph", mixinStandardHelpOptions = true, description = "Draw a chain's data flow: stages with their kinds and types,"
            + " edges labelled with the type they carry.")
    static final class Graph implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE#CHAIN", description = "The prompt file and the chain in it.")
        String target;

        @Option(names = "--format", paramLabel = "FORMAT", description = "dot (default), mermaid or svg.")
        GraphFormat format = GraphFormat.dot;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write it here instead of to stdout.")
        Path output;

        @Override
        public Integer call() throws IOException {
            Chain chain = load(target, "chain graph", spec.commandLine().getErr());
            String drawing = switch (format) {
                case dot -> ChainGraphExport.dot(chain);
                case mermaid -> ChainGraphExport.mermaid(chain);
                case svg -> ChainGraphExport.svg(chain);
            };
            if (output != null) {
                Files.writeString(output, drawing, StandardCharsets.UTF_8);
            } else {
                spec.commandLine().getOut().print(drawing);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List kept chain runs, newest first (what"
            + " 'promptstudio history --chain' lists).")
    static final class Runs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "CHAIN", description = "Only this chain's runs.")
        String chain;

        @Option(names = "--last", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).")
        int last = 20;

        @Option(names = "--chains", paramLabel = "FILE", description = "The chain store (default: ~/.promptstudio/chains).")
        Path store;

        @Override
        public Integer call() {
            return listRuns(spec, chain, last, store);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a chain run's stages: status, time, cost, calls, and each"
            + " stage's input and output.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
        String run;

        @Option(names = "--chains", paramLabel = "FILE", description = "The chain store (default: ~/.promptstudio/chains).")
        Path store;

        @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
        RunCommand.Format format = RunCommand.Format.text;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (ChainStore chains = ChainStore.open(CliStore.chains(store))) {
                ChainStore.StoredRun stored = chains.run(run).orElseThrow(() -> new CommandFailure(PromptStudioCli.EXIT_USAGE,
                        "promptstudio chain show: no chain run " + run + " (promptstudio chain runs lists them)"));
                List<StageResult> stages = chains.stages(run).stream().map(ChainStore.StoredStage::result).toList();
                if (format == RunCommand.Format.json) {
                    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("run", stored.id());
                    report.put("chain", stored.chain());
                    report.put("status", stored.status());
                    report.put("inputs", json.readTree(stored.inputsJson()));
                    report.put("output", stored.outputJson() == null ? null : json.readTree(stored.outputJson()));
                    report.put("error", stored.error());
                    report.put("stages", stages.stream().map(ChainCommand::stageRow).toList());
                    out.println(json.writeValueAsString(report));
                } else {
                    out.println(runLine(stored));
                    for (StageResult stage : stages) {
                        out.println("  " + stageLine(stage));
                        if (stage.inputJson() != null) {
                            out.println("    in:  " + shortened(stage.inputJson()));
                        }
                        if (stage.outputJson() != null) {
                            out.println("    out: " + shortened(stage.outputJson()));
                        }
                    }
                }
                out.flush();
                return 0;
            } catch (HistoryException e) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio chain show: " + e.getMessage());
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Each stage's numbers over a chain's recent runs: runs, success"
            + " rate, median and 95th-percentile time, mean cost; the chain's own first.")
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CHAIN", description = "The chain (qualified, or simple).")
        String chain;

        @Option(names = "--last", paramLabel = "N", description = "Over its last N runs (default: ${DEFAULT-VALUE}).")
        int last = 50;

        @Option(names = "--chains", paramLabel = "FILE", description = "The chain store (default: ~/.promptstudio/chains).")
        Path store;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ChainStore chains = ChainStore.open(CliStore.chains(store))) {
                List<ChainStore.StageStats> stats = chains.stats(chain, last);
                if (stats.get(0).runs() == 0) {
                    throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio chain stats: no finished runs of " + chain + " are kept");
                }
                out.printf(Locale.ROOT, "%-16s %6s %9s %9s %9s %12s%n", "stage", "runs", "success", "median", "p95", "mean cost");
                for (ChainStore.StageStats each : stats) {
                    out.printf(Locale.ROOT, "%-16s %6d %8.1f%% %6d ms %6d ms %12s%n", each.stage().equals("*") ? "(the chain)" : each.stage(),
                            each.runs(), 100 * each.successRate(), each.medianMillis(), each.p95Millis(),
                            each.meanCost() == null ? "?" : "$" + each.meanCost().toPlainString());
                }
                out.flush();
                return 0;
            } catch (HistoryException e) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio chain stats: " + e.getMessage());
            }
        }
    }

    static int listRuns(CommandSpec spec, String chain, int last, Path store) {
        PrintWriter out = spec.commandLine().getOut();
        try (ChainStore chains = ChainStore.open(CliStore.chains(store))) {
            List<ChainStore.StoredRun> runs = chains.runs(chain, last);
            runs.forEach(run -> out.println(runLine(run)));
            if (runs.isEmpty()) {
                spec.commandLine().getErr().println("no chain runs kept" + (chain == null ? "" : " of " + chain));
            }
            out.flush();
            return 0;
        } catch (HistoryException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio: " + e.getMessage());
        }
    }

    private static String runLine(ChainStore.StoredRun run) {
        return TIME.format(run.startedAt()) + "  " + run.id() + "  " + run.chain() + "  " + run.status()
                + (run.cost() == null ? "" : "  $" + run.cost().stripTrailingZeros().toPlainString())
                + (run.millis() == null ? "" : "  " + run.millis() + " ms") + (run.error() == null ? "" : "  " + run.error());
    }

    /** One line about a stage: name, kind, status, what it decided, calls, cache, time, cost, error. */
    static String stageLine(StageResult stage) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %-8s %-9s", stage.stage(), stage.kind(), stage.status()));
        if (stage.reused()) {
            line.append(" (kept from the earlier attempt)");
        }
        if (stage.detail() != null) {
            line.append(" · ").append(stage.detail());
        }
        line.append(" · ").append(stage.calls()).append(stage.calls() == 1 ? " call" : " calls");
        if (stage.cacheHits() > 0) {
            line.append(" (").append(stage.cacheHits()).append(" from the cache)");
        }
        line.append(" · ").append(stage.millis()).append(" ms");
        if (stage.cost() != null) {
            line.append(" · $").append(stage.cost().stripTrailingZeros().toPlainString());
        }
        if (stage.error() != null) {
            line.append(" · ").append(stage.error());
        }
        return line.toString();
    }

    static Map<String, Object> stageRow(StageResult stage) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("stage", stage.stage());
        row.put("kind", stage.kind());
        row.put("status", stage.status());
        row.put("reused", stage.reused());
        row.put("detail", stage.detail());
        row.put("calls", stage.calls());
        row.put("cache_hits", stage.cacheHits());
        row.put("input_tokens", stage.inputTokens());
        row.put("output_tokens", stage.outputTokens());
        row.put("cost_usd", stage.cost());
        row.put("latency_ms", stage.millis());
        row.put("history_runs", stage.historyRuns());
        row.put("input", stage.inputJson());
        row.put("output", stage.outputJson());
        row.put("repairs", stage.repairs());
        row.put("error", stage.error());
        return row;
    }

    private static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    /** The chain FILE#CHAIN names, from a workspace of the file's folder without errors. */
    static Chain load(String target, String command, PrintWriter err) throws IOException {
        int hash = target.indexOf('#');
        if (hash <= 0 || hash == target.length() - 1) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": name the chain as FILE#CHAIN");
        }
        Path file = Path.of(target.substring(0, hash));
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + CliPaths.shown(file) + " is not a file");
        }
        LanguageWorkspace workspace = CliPaths.loadWithoutErrors(List.of(file.toAbsolutePath().getParent()), command, err);
        try {
            return workspace.chain(target.substring(hash + 1));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
        }
    }
}
