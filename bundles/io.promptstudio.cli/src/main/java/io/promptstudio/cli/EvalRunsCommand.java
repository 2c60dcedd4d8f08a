package io.promptstudio.cli;

import io.promptstudio.eval.EvalStore;
import io.promptstudio.store.HistoryException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists the kept eval runs, newest first: a suite's pass rate over time, and the ids to resume. */
@Command(name = "eval-runs", mixinStandardHelpOptions = true, description = "List eval runs from the eval store, newest first, with each"
        + " variant's pass rate and its change from the run before.")
final class EvalRunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EVAL", description = "Only the runs of this eval (its name).")
    String suite;

    @Option(names = "--last", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).")
    int last = 20;

    @Option(names = "--store", paramLabel = "FILE", description = "The eval store (default: ~/.promptstudio/evals).")
    Path store;

    @Override
    public Integer call() {
        if (last < 1) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval-runs: --last is at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EvalStore evals = EvalStore.open(CliStore.evals(store))) {
            List<EvalStore.StoredRun> runs = evals.runs(suite, last + 1);
            if (runs.isEmpty()) {
                out.println(suite == null ? "no eval runs yet" : "no runs of eval " + suite + " yet");
                return 0;
            }
            for (int i = 0; i < Math.min(last, runs.size()); i++) {
                EvalStore.StoredRun run = runs.get(i);
                EvalStore.StoredRun before = i + 1 < runs.size() && runs.get(i + 1).suite().equals(run.suite()) ? runs.get(i + 1) : null;
                out.printf(Locale.ROOT, "%s  %s  %-20s %-12s %s%n", run.id(), WHEN.format(run.startedAt()), run.suite(), run.status(), run.source());
                if (run.variants().isEmpty()) {
                    out.println("    " + evals.counts(run.id()).entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey())
                            .reduce((a, b) -> a + ", " + b).orElse("no case") + " so far"
                            + (EvalStore.RUNNING.equals(run.status()) ? " (interrupted or running: --resume " + run.id() + ")" : ""));
                }
                for (EvalStore.StoredVariant variant : run.variants()) {
                    EvalStore.StoredVariant previous = before == null ? null : before.variants().stream()
                            .filter(other -> other.variant().equals(variant.variant())).findFirst().orElse(null);
                    String change = previous == null ? "" : String.format(Locale.ROOT, " (%+.1f points)", 100 * (variant.passRate()
                            - previous.passRate()));
                    out.printf(Locale.ROOT, "    %-40s %d/%d passed (%.1f %%)%s, %d errors, mean score %s, cost $%s%n", variant.variant(),
                            variant.passed(), variant.cases(), 100 * variant.passRate(), change, variant.errors(),
                            variant.meanScore() == null ? "none" : String.format(Locale.ROOT, "%.3f", variant.meanScore()),
                            variant.cost() == null ? "0" : variant.cost().stripTrailingZeros().toPlainString());
                }
            }
            out.flush();
            return 0;
        } catch (HistoryException e) {
            throw new CommandFailure(1, "promptstudio eval-runs: " + e.getMessage());
        }
    }
}
