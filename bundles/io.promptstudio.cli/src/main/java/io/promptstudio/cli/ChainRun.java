package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.chains.ChainOutcome;
import io.promptstudio.chains.ChainRunner;
import io.promptstudio.chains.ChainStore;
import io.promptstudio.chains.StageResult;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Retrieval;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.search.WorkspaceSearch;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.retrieve.Passages;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code promptstudio run FILE#CHAIN}: the chain on the {@code --arg} inputs, every stage through the run path and kept
 * in the chain store, a progress line while it runs, then the output on stdout and a line per stage on stderr.
 */
final class ChainRun {

    private final RunCommand options;
    private final LanguageWorkspace workspace;
    private final Chain chain;

    ChainRun(RunCommand options, LanguageWorkspace workspace, Chain chain) {
        this.options = options;
        this.workspace = workspace;
        this.chain = chain;
    }

    int call() throws IOException {
        PrintWriter out = options.spec.commandLine().getOut();
        PrintWriter err = options.spec.commandLine().getErr();
        if (options.concurrency < 1 || options.concurrency > 64) {
            throw usage("--max-concurrency is between 1 and 64");
        }
        if (options.retrieve != null) {
            throw usage("--retrieve fills a prompt's parameter; a chain retrieves in its own 'retrieve' stages");
        }
        boolean retrieves = chain.getStages().stream().anyMatch(stage -> stage.getStep() instanceof Retrieval);
        ChainOutcome outcome;
        try (CliRunner runner = new CliRunner(workspace, options.history, options.prices, options.cacheFile, "run",
                options.cache ? CliRunner.CacheAccess.SHARED : CliRunner.CacheAccess.NONE);
                ChainStore store = ChainStore.open(CliStore.chains(options.chains));
                WorkspaceSearch search = retrieves ? SearchCommand.openSynced(options.workspaceFolder, "run", err) : null) {
            ChainRunner chains = ChainRunner.builder().runs(runner.runs()).store(store).evaluator(workspace.languageInjector()
                    .getInstance(ExpectationEvaluator.class)).names(workspace::nameOf).concurrency(options.concurrency)
                    .cache(options.cache ? new CacheUse(options.cacheDomain, options.cacheAnyTemperature, true) : null)
                    .passages(search == null ? null : (question, top, fields) -> Passages.records(search.retriever().retrieve(question, top,
                            List.of()), fields))
                    .build();
            int stages = ChainGraph.of(chain).reachingResult().size();
            ProgressLine progress = new ProgressLine(err, "run");
            AtomicInteger done = new AtomicInteger();
            ChainRunner.Listener listener = new ChainRunner.Listener() {
                @Override
                public void stageStarted(String name, String stage) {
                    if (name.equals(workspace.nameOf(chain))) {
                        progress.update(done.get(), stages, "stage " + stage);
                    }
                }

                @Override
                public void stageFinished(String name, StageResult result) {
                    if (name.equals(workspace.nameOf(chain))) {
                        progress.update(done.incrementAndGet(), stages, "stage " + result.stage() + " " + result.status());
                    }
                }
            };
            if (options.resume != null) {
                outcome = chains.resume(chain, options.resume, listener, Cancellation.none());
            } else {
                outcome = chains.run(chain, CliArguments.parse(chain.getParameters(), options.arguments), listener, Cancellation.none());
            }
            progress.done();
        } catch (ArgumentException e) {
            e.problems().forEach(problem -> err.println("promptstudio run: argument " + problem));
            return PromptStudioCli.EXIT_USAGE;
        } catch (IllegalArgumentException | HistoryException | IndexException e) {
            throw usage(e.getMessage());
        }
        print(outcome, out, err);
        return outcome.succeeded() ? 0 : 1;
    }

    private void print(ChainOutcome outcome, PrintWriter out, PrintWriter err) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (options.format == RunCommand.Format.json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("run", outcome.runId());
            report.put("chain", outcome.chain());
            report.put("status", outcome.status());
            report.put("output", outcome.outputJson() == null ? null : json.readTree(outcome.outputJson()));
            report.put("cost_usd", outcome.cost());
            report.put("latency_ms", outcome.millis());
            report.put("error", outcome.error());
            report.put("stages", outcome.stages().stream().map(ChainCommand::stageRow).toList());
            out.println(json.writeValueAsString(report));
            out.flush();
            return;
        }
        if (outcome.succeeded()) {
            var output = json.readTree(outcome.outputJson());
            out.println(output.isTextual() ? output.asText() : json.writeValueAsString(output));
            out.flush();
        } else {
            err.println("promptstudio run: " + outcome.error());
        }
        for (StageResult stage : outcome.stages()) {
            err.println("  " + ChainCommand.stageLine(stage));
        }
        err.printf(Locale.ROOT, "chain run %s %s · $%s · %d ms%s%n", outcome.runId(), outcome.status(), outcome.cost().stripTrailingZeros()
                .toPlainString(), outcome.millis(), outcome.succeeded() ? "" : " (promptstudio run " + outcome.chain() + " --resume "
                + outcome.runId() + " goes on from the failed stage)");
        err.flush();
    }

    private static CommandFailure usage(String message) {
        return new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio run: " + message);
    }
}
