package io.promptstudio.cli;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.optimize.CandidateWorkspace;
import io.promptstudio.optimize.OptimizeOutcome;
import io.promptstudio.optimize.OptimizeReports;
import io.promptstudio.optimize.OptimizeSettings;
import io.promptstudio.optimize.OptimizeStore;
import io.promptstudio.optimize.Optimizer;
import io.promptstudio.optimize.Scored;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Optimizes a prompt's instruction or demonstrations against an eval suite, then writes the best as the file's new
 * version when the held-out test split shows it better.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true, description = "Optimize a prompt against an eval suite with OPRO, a genetic"
        + " algorithm (ga), differential evolution (de), PromptBreeder (breeder) or few-shot selection (fewshot). Every candidate is checked"
        + " by the language before it is scored. Exit 0 when the run went to its end, 1 when it stopped (resume it with --resume), 2 on bad"
        + " usage.")
final class OptimizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE#PROMPT", description = "The prompt file and the prompt in it.")
    String target;

    @Option(names = "--eval", required = true, paramLabel = "[FILE#]EVAL", description = "The eval whose assertions score candidates (in the"
            + " prompt's file unless a file is named); its dataset is split into training, validation and test rows.")
    String evalName;

    @Option(names = "--method", paramLabel = "METHOD", description = "opro (default), ga, de, breeder or fewshot.")
    String method = "opro";

    @Option(names = "--generations", paramLabel = "N", description = "Steps or generations (default 4).")
    Integer generations;

    @Option(names = "--population", paramLabel = "N", description = "Candidates a step proposes, or the population's size (default 4).")
    Integer population;

    @Option(names = "--batch", paramLabel = "N", description = "Training rows that score each candidate (default 12).")
    Integer batch;

    @Option(names = "--split", paramLabel = "TRAIN/VALIDATION/TEST", description = "Percentages of the rows (default 60/20/20).")
    String split;

    @Option(names = "--seed", paramLabel = "N", description = "The seed of every random choice (default 1): with cached answers, the same run.")
    Long seed;

    @Option(names = "--demos", paramLabel = "K", description = "Demonstrations a few-shot candidate shows (default 3).")
    Integer demos;

    @Option(names = "--selection", paramLabel = "roulette|tournament", description = "How the genetic algorithm picks parents (default roulette).")
    String selection;

    @Option(names = "--optimizer-profile", paramLabel = "PROFILE", description = "The profile the optimizer's own prompts run with (default:"
            + " the prompt's).")
    String optimizerProfile;

    @Option(names = "--budget", paramLabel = "DOLLARS", description = "Stop starting work once the run has cost this much.")
    BigDecimal budget;

    @Option(names = "--max-calls", paramLabel = "N", description = "Stop starting work after this many provider calls.")
    Long maxCalls;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Stop starting work after this many tokens, in and out.")
    Long maxTokens;

    @Option(names = "--estimate", description = "Print what the run would spend, and stop.")
    boolean estimateOnly;

    @Option(names = "--resume", paramLabel = "RUN", description = "Go on with a stopped or killed run (its id was printed when it started),"
            + " under the budget given now.")
    String resume;

    @Option(names = "--write", paramLabel = "auto|always|never", description = "Write the best as the file's new version: auto (default)"
            + " when the test split shows it better, always when it differs from the prompt as written, or never.")
    String write = "auto";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.json", description = "Write the report: every candidate, each generation, the"
            + " test and the diff.")
    Path output;

    @Option(names = "--max-concurrency", paramLabel = "J", description = "Runs at a time (default 4).")
    int concurrency = 4;

    @Option(names = "--no-cache", description = "Call the provider for every request, even where the cache has the answer.")
    boolean noCache;

    @Option(names = "--store", paramLabel = "FILE", description = "The optimization store (default: ~/.promptstudio/optimize).")
    Path store;

    @Option(names = "--history", paramLabel = "FILE", description = "The history database (default: ~/.promptstudio/history).")
    Path history;

    @Option(names = "--prices", paramLabel = "FILE", description = "A price table over the shipped one.")
    Path prices;

    @Option(names = "--cache", paramLabel = "FILE", description = "The semantic cache database (default: ~/.promptstudio/cache).")
    Path cache;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!List.of("auto", "always", "never").contains(write)) {
            throw usage("--write is auto, always or never, not " + write);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw usage("--max-concurrency is between 1 and 256");
        }
        if (budget != null && budget.signum() <= 0 || maxCalls != null && maxCalls < 1 || maxTokens != null && maxTokens < 1) {
            throw usage("a budget (--budget, --max-calls, --max-tokens) is above 0");
        }
        if (estimateOnly && resume != null) {
            throw usage("--estimate is for a new run; a resumed run goes on with the estimate it started with");
        }
        if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            throw usage("-o writes a .json report, not " + output.getFileName());
        }
        OptimizeSettings settings = settings();
        OptimizationTarget loaded = OptimizationTarget.load(target, evalName, "optimize", err);
        CandidateWorkspace candidates = loaded.candidates();
        EvalSuite suite = loaded.suite();
        Path promptFile = loaded.promptFile();
        ProgressLine progress = new ProgressLine(err, "optimize");
        OptimizeOutcome outcome;
        try (OptimizeStore optimizations = OptimizeStore.open(CliStore.optimize(store));
                CliRunner runner = new CliRunner(candidates.catalog(), history, prices, cache, "optimize", noCache || estimateOnly
                        ? CliRunner.CacheAccess.NONE : CliRunner.CacheAccess.SHARED)) {
            Optimizer optimizer;
            try {
                optimizer = new Optimizer(candidates, suite, runner.runs(), loaded.evaluator(), optimizations, concurrency, !noCache, runner.prices());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            Optimizer.Listener listener = new Optimizer.Listener() {
                private String phase = "";
                private int candidatesSeen;
                private int dropped;

                @Override
                public void started(String runId) {
                    progress.done();
                    err.println("promptstudio optimize: run " + runId + " (if it is interrupted: promptstudio optimize " + target + " --eval "
                            + evalName + " --resume " + runId + ")");
                }

                @Override
                public void phase(String what) {
                    phase = what;
                    progress.update(phase);
                }

                @Override
                public void candidate(Scored candidate, boolean replayed) {
                    candidatesSeen++;
                    dropped += candidate.valid() ? 0 : 1;
                    progress.update(phase + " · " + candidatesSeen + " candidates" + (dropped > 0 ? " (" + dropped + " dropped)" : "")
                            + (replayed ? " · replaying the store" : "") + (candidate.valid() ? String.format(Locale.ROOT, " · #%d scored %.2f",
                                    candidate.number(), candidate.fitness()) : ""));
                }

                @Override
                public void generation(OptimizeOutcome.Generation generation) {
                    progress.done();
                    err.println(String.format(Locale.ROOT, "promptstudio optimize: generation %d: best %s on the batch, mean %s, best %s on validation,"
                            + " %d valid, %d dropped; %d calls, %s", generation.number(), share(generation.bestFitness()),
                            share(generation.meanFitness()), share(generation.bestValidation()), generation.valid(), generation.invalid(),
                            generation.spent().calls(), dollars(generation.spent().dollars())));
                }
            };
            try {
                if (resume == null) {
                    OptimizeOutcome.Estimate estimate = optimizer.estimate(settings);
                    err.println(String.format(Locale.ROOT, "promptstudio optimize: %s on %s with eval %s: estimated %d calls, about %d tokens, %s",
                            settings.method().id(), candidates.targetName(), suite.name(), estimate.calls(), estimate.tokens(),
                            estimate.dollars() == null ? "cost unknown (the model is not in the price table)" : "about " + dollars(estimate.dollars())));
                    if (estimateOnly) {
                        return 0;
                    }
                    outcome = optimizer.run(settings, listener, new Cancellation());
                } else {
                    outcome = optimizer.resume(resume, maxCalls, maxTokens, budget, listener, new Cancellation());
                }
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            } catch (DatasetException e) {
                throw new CommandFailure(1, "promptstudio optimize: " + e.getMessage());
            } finally {
                progress.done();
            }
        } catch (HistoryException e) {
            throw new CommandFailure(1, "promptstudio optimize: " + e.getMessage());
        }
        print(out, outcome, candidates);
        if (output != null) {
            Files.writeString(output, OptimizeReports.json(outcome, candidates), StandardCharsets.UTF_8);
        }
        if (OptimizeStore.STOPPED.equals(outcome.status())) {
            out.println("stopped: " + outcome.stopReason() + "; go on with: promptstudio optimize " + target + " --eval " + evalName + " --resume "
                    + outcome.runId() + " [a new --budget]");
            return 1;
        }
        writeVersion(out, outcome, candidates, promptFile);
        return 0;
    }

    private void writeVersion(PrintWriter out, OptimizeOutcome outcome, CandidateWorkspace candidates, Path promptFile) throws IOException {
        Scored best = outcome.best();
        if (best == null || best.number() == outcome.start().number()) {
            out.println("not written: no candidate scored above the prompt as written on validation");
            return;
        }
        if (write.equals("never") || write.equals("auto") && !outcome.improved()) {
            out.println("not written: " + (write.equals("never") ? "--write never" : "the test split does not show #" + best.number()
                    + " better (see the interval above); --write always writes it anyway"));
            return;
        }
        String text = candidates.shape().fileWith(best.candidate());
        if (!Files.readString(promptFile, StandardCharsets.UTF_8).equals(candidates.shape().fileText())) {
            throw new CommandFailure(1, "promptstudio optimize: " + CliPaths.shown(promptFile) + " changed while the run went on; not written (the"
                    + " report's diff has the change)");
        }
        LanguageWorkspace check = CliPaths.load(List.of(promptFile.getParent()), "optimize");
        check.replace(promptFile, text.getBytes(StandardCharsets.UTF_8));
        List<Diagnostic> errors = new LanguageChecker().check(check).stream().filter(diagnostic -> diagnostic.severity() == Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new CommandFailure(1, "promptstudio optimize: the new version does not check, so it was not written: " + errors.get(0).format());
        }
        Files.writeString(promptFile, text, StandardCharsets.UTF_8);
        out.println("wrote #" + best.number() + " as the new version of " + CliPaths.shown(promptFile) + " (the version before is in git, and in the"
                + " run history as " + candidates.targetName() + "~" + versionOf(candidates.shape().fileText()) + ")");
    }

    /** A file's version as the run history names it: its hash's first 10 digits. */
    private static String versionOf(String source) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void print(PrintWriter out, OptimizeOutcome outcome, CandidateWorkspace candidates) {
        out.println("optimization run " + outcome.runId() + " of " + candidates.targetName() + " (" + outcome.settings().method().id() + ", seed "
                + outcome.settings().seed() + "): " + outcome.split().train().size() + " training rows (" + outcome.split().batch().size()
                + " a batch), " + outcome.split().validation().size() + " validation, " + outcome.split().test().size() + " test");
        out.printf(Locale.ROOT, "  %d candidates, %d dropped by the language or for dropping an input; %d calls (estimated %d), %d tokens, %s%n",
                outcome.candidates().size(), outcome.invalid(), outcome.spent().calls(), outcome.estimate().calls(), outcome.spent().tokens(),
                dollars(outcome.spent().dollars()));
        Scored start = outcome.start();
        Scored best = outcome.best();
        if (start != null) {
            out.printf(Locale.ROOT, "  #0 as written: %s on the batch, %s on validation%n", share(start.fitness()), share(start.validation()));
        }
        if (best != null && start != null && best.number() != start.number()) {
            out.printf(Locale.ROOT, "  best #%d (%s): %s on the batch, %s on validation%n", best.number(), best.origin(), share(best.fitness()),
                    share(best.validation()));
        }
        EvalOutcome.Comparison comparison = outcome.comparison();
        if (comparison != null) {
            out.printf(Locale.ROOT, "  test split: #%d vs #0: %s — mean score difference %+.3f, 95 %% interval [%+.3f, %+.3f], %d rows%n",
                    best.number(), comparison.verdict(), comparison.meanDifference(), comparison.interval().low(), comparison.interval().high(),
                    comparison.pairs());
        }
        if (best != null && start != null && best.number() != start.number()) {
            out.println("  the change:");
            for (String line : OptimizeReports.diff(candidates, best.candidate()).lines().filter(line -> !line.startsWith(" ")).toList()) {
                out.println("    " + line);
            }
        }
    }

    private OptimizeSettings settings() {
        OptimizeSettings settings;
        try {
            settings = OptimizeSettings.defaults(OptimizeSettings.Method.of(method));
            settings = settings.withShape(generations == null ? settings.generations() : generations, population == null ? settings.population()
                    : population, batch == null ? settings.batch() : batch);
            if (seed != null) {
                settings = settings.withSeed(seed);
            }
            if (split != null) {
                String[] parts = split.split("/");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("--split is TRAIN/VALIDATION/TEST in percent, e.g. 60/20/20");
                }
                double train = Double.parseDouble(parts[0]);
                double validation = Double.parseDouble(parts[1]);
                double test = Double.parseDouble(parts[2]);
                if (Math.abs(train + validation + test - 100) > 1e-6) {
                    throw new IllegalArgumentException("--split adds up to 100, not " + (train + validation + test));
                }
                settings = settings.withSplit(train / 100, validation / 100);
            }
            if (demos != null) {
                settings = settings.withDemos(demos);
            }
            if (selection != null) {
                settings = settings.withSelection(OptimizeSettings.Selection.valueOf(selection.toUpperCase(Locale.ROOT)));
            }
            return settings.withMetaProfile(optimizerProfile).withBudget(maxCalls, maxTokens, budget);
        } catch (NumberFormatException e) {
            throw usage("--split is TRAIN/VALIDATION/TEST in percent, e.g. 60/20/20");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage().startsWith("No enum constant") ? "--selection is roulette or tournament, not " + selection : e.getMessage());
        }
    }

    private static String share(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String dollars(BigDecimal value) {
        return value == null ? "$0 priced" : "$" + value.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static CommandFailure usage(String message) {
        return new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio optimize: " + message);
    }
}
