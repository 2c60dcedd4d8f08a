package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.EvalListener;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalReports;
import io.promptstudio.eval.EvalRunner;
import io.promptstudio.eval.EvalStore;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.Resumption;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.store.HistoryException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.emf.ecore.util.EcoreUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs an {@code eval} suite: every row on every variant, scored, summarized, and compared when there are two or more. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run an eval suite of a prompt file over its dataset. Exit 1 when the suite fails, 2 on bad usage.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE#EVAL", description = "The prompt file and the eval in it (the eval's name alone when the"
            + " file has one eval).")
    String target;

    @Option(names = "--variants", paramLabel = "PROMPT[:REV|~VERSION][@PROFILE]", split = ",", description = "Run these prompts (each"
            + " with its own profile, or @PROFILE; :REV for the prompt as it was at a git revision, ~VERSION as it was when the run"
            + " history recorded that version) instead of the eval's: versions of the"
            + " rows' prompt to compare with the eval's assertions.")
    List<String> variants;

    @Option(names = "--repeat", paramLabel = "N", description = "Run each case N times (over the suite's own 'repeat'), to see how"
            + " answers vary; repeats never use the cache.")
    Integer repeat;

    @Option(names = "--max-concurrency", paramLabel = "J", description = "Runs at a time (default 4).")
    int concurrency = 4;

    @Option(names = "--budget", paramLabel = "DOLLARS", description = "Stop starting cases once the run has cost this much (over the"
            + " suite's own 'budget'); the suite then fails.")
    java.math.BigDecimal budget;

    @Option(names = "--no-cache", description = "Call the provider for every case, even where the cache has an answer.")
    boolean noCache;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report: .json (the summary), .jsonl (a case a"
            + " line, written as the cases finish) or .html (one page with charts).")
    Path output;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the cases as JUnit XML (for CI).")
    Path junitXml;

    @Option(names = "--resume", paramLabel = "RUN", description = "Go on with an interrupted run (its id was printed when it started;"
            + " promptstudio eval-runs lists them): only the cases it has not done run.")
    String resume;

    @Option(names = "--store", paramLabel = "FILE", description = "The eval store, where every case is kept as it finishes (default:"
            + " ~/.promptstudio/evals).")
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
        int hash = target.indexOf('#');
        if (hash <= 0 || hash == target.length() - 1) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: name the suite as FILE#EVAL, e.g. prompts/reviews.pstudio#Quality");
        }
        Path file = Path.of(target.substring(0, hash));
        String name = target.substring(hash + 1);
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: " + CliPaths.shown(file) + " is not a file");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: --max-concurrency is between 1 and 256");
        }
        if (repeat != null && (repeat < 1 || repeat > io.promptstudio.dsl.check.DatasetFiles.MAX_REPEAT)) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: --repeat is between 1 and "
                    + io.promptstudio.dsl.check.DatasetFiles.MAX_REPEAT);
        }
        if (budget != null && budget.signum() <= 0) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: --budget is an amount in dollars above 0");
        }
        String format = output == null ? null : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (format != null && !format.endsWith(".json") && !format.endsWith(".jsonl") && !format.endsWith(".html")) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: -o writes .json, .jsonl or .html, not " + output.getFileName());
        }
        // the file's folder, so that the files it imports from are loaded too
        LanguageWorkspace loaded = CliPaths.loadWithoutErrors(List.of(file.toAbsolutePath().getParent()), "eval", err);
        // a variant PROMPT:REV or PROMPT~VERSION is an earlier version: its file then, beside this one under its own namespace
        List<Path> copies = new ArrayList<>();
        try {
            LanguageWorkspace workspace = withRevisions(loaded, file.toAbsolutePath().getParent(), copies, err);
            Eval eval = find(workspace, file, name);
            // The runner's threads read the model: every reference is resolved before they start.
            workspace.resources().values().forEach(EcoreUtil::resolveAll);
            EvalSuite suite = EvalSuite.of(workspace, eval);
            if (variants != null) {
                suite = suite.withVariants(variants(workspace, variants));
            }
            if (repeat != null || budget != null) {
                suite = suite.with(repeat == null ? suite.repeat() : repeat, budget == null ? suite.budget() : budget);
            }
            ExpectationEvaluator evaluator = workspace.languageInjector().getInstance(ExpectationEvaluator.class);
            boolean html = format != null && format.endsWith(".html");
            List<CaseResult> kept = junitXml == null && !html ? null : Collections.synchronizedList(new ArrayList<>());
            java.util.Map<EvalSuite.Variant, List<CaseResult>> shortfalls = new java.util.concurrent.ConcurrentHashMap<>();
            ProgressLine progress = new ProgressLine(err, "eval");
            EvalOutcome outcome;
            try (EvalStore evals = EvalStore.open(CliStore.evals(store))) {
                Resumption resumption = Resumption.NONE;
                String runId;
                if (resume != null) {
                    EvalStore.StoredRun stored = evals.run(resume).orElseThrow(() -> new CommandFailure(PromptStudioCli.EXIT_USAGE,
                            "promptstudio eval: no run '" + resume + "' in the eval store " + CliPaths.shown(CliStore.evals(store))
                                    + " (promptstudio eval-runs lists them)"));
                    if (!stored.suite().equals(suite.name())) {
                        throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: run " + resume + " is of eval " + stored.suite()
                                + ", not " + suite.name());
                    }
                    if (!stored.datasetFingerprint().equals(suite.fingerprint())) {
                        throw new CommandFailure(1, "promptstudio eval: the eval or its rows changed since run " + resume + " started, so its"
                                + " cases and new ones would not belong together; start a new run");
                    }
                    if (EvalStore.PASSED.equals(stored.status()) || EvalStore.FAILED.equals(stored.status())) {
                        throw new CommandFailure(1, "promptstudio eval: run " + resume + " went to its end (" + stored.status()
                                + "); nothing to resume");
                    }
                    suite = suite.with(stored.repeat(), suite.budget());
                    resumption = evals.resumption(resume);
                    runId = resume;
                    err.println("eval run " + runId + ": resuming, " + resumption.count() + " cases already done");
                } else {
                    runId = evals.begin(suite, CliPaths.shown(file) + "#" + name, suite.fingerprint());
                    err.println("eval run " + runId + " (if it is interrupted: promptstudio eval " + target + " --resume " + runId + ")");
                }
                int perRow = suite.variants().size() * suite.repeat();
                Cancellation stop = new Cancellation();
                java.util.concurrent.atomic.AtomicReference<HistoryException> storeFailure = new java.util.concurrent.atomic.AtomicReference<>();
                boolean cached = !noCache && suite.repeat() == 1;
                try (CliRunner runner = new CliRunner(workspace, history, prices, cache, "eval", cached ? CliRunner.CacheAccess.SHARED
                        : CliRunner.CacheAccess.NONE);
                        Writer lines = format != null && format.endsWith(".jsonl") ? Files.newBufferedWriter(output, StandardCharsets.UTF_8) : null) {
                    EvalListener listener = (result, done) -> {
                        try {
                            evals.record(runId, result);
                        } catch (HistoryException e) {
                            // a case that cannot be kept would be lost to --resume: stop, and say why
                            storeFailure.compareAndSet(null, e);
                            stop.cancel();
                        }
                        if (kept != null) {
                            kept.add(result);
                        }
                        if (!result.passed()) {
                            shortfalls.computeIfAbsent(result.variant(), variant -> Collections.synchronizedList(new ArrayList<>())).add(result);
                        }
                        if (lines != null) {
                            synchronized (lines) {
                                try {
                                    lines.write(EvalReports.jsonLine(result));
                                    lines.write('\n');
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        }
                        synchronized (progress) {
                            progress.update(done + " cases done (" + perRow + " a row), row " + result.row() + " " + result.status());
                        }
                    };
                    outcome = new EvalRunner(runner.runs(), evaluator, concurrency, cached).run(suite, listener, stop, resumption);
                } finally {
                    progress.done();
                }
                if (storeFailure.get() != null) {
                    throw storeFailure.get();
                }
                evals.finish(runId, outcome);
            } catch (DatasetException e) {
                throw new CommandFailure(1, "promptstudio eval: " + e.getMessage());
            } catch (HistoryException e) {
                throw new CommandFailure(1, "promptstudio eval: " + e.getMessage());
            }
            print(out, outcome, shortfalls);
            if (format != null && format.endsWith(".json")) {
                Files.writeString(output, EvalReports.json(outcome), StandardCharsets.UTF_8);
            }
            List<CaseResult> ordered = kept == null ? new ArrayList<>() : new ArrayList<>(kept);
            ordered.sort(java.util.Comparator.comparingInt(CaseResult::row).thenComparingInt(CaseResult::repeat));
            if (html) {
                try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    EvalReports.html(outcome, ordered, writer);
                }
            }
            if (junitXml != null) {
                try (BufferedWriter writer = Files.newBufferedWriter(junitXml, StandardCharsets.UTF_8)) {
                    EvalReports.junit(outcome, ordered, writer);
                }
            }
            return outcome.passed() ? 0 : 1;
        } finally {
            for (Path copy : copies) {
                Files.deleteIfExists(copy);
            }
        }
    }

    /**
     * The workspace with each earlier version a variant names, {@code PROMPT:REV} (its file at a git revision) or
     * {@code PROMPT~VERSION} (its file as the run history kept it for that version hash), written beside the file as
     * a hidden copy (so that its dataset files resolve as they did) whose namespace gains {@code _at_REV} or
     * {@code _v_VERSION}, and the variant renamed to the prompt in it. The copies are deleted when the command ends.
     */
    private LanguageWorkspace withRevisions(LanguageWorkspace workspace, Path folder, List<Path> copies, PrintWriter err) throws IOException {
        if (variants == null || variants.stream().noneMatch(variant -> variant.split("@", 2)[0].matches(".*[:~].*"))) {
            return workspace;
        }
        List<String> renamed = new ArrayList<>();
        for (String variant : variants) {
            String[] parts = variant.strip().split("@", 2);
            java.util.regex.Matcher versioned = java.util.regex.Pattern.compile("([^:~]*)([:~])(.*)").matcher(parts[0]);
            if (!versioned.matches()) {
                renamed.add(variant);
                continue;
            }
            String promptName = versioned.group(1);
            boolean fromGit = versioned.group(2).equals(":");
            String revision = versioned.group(3);
            if (revision.isBlank() || revision.startsWith("-")) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: '" + variant + "' names no "
                        + (fromGit ? "git revision after ':'" : "version after '~' (promptstudio history --format json shows each run's"
                        + " prompt_hash)"));
            }
            io.promptstudio.dsl.promptStudio.Prompt prompt;
            try {
                prompt = workspace.prompt(promptName);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: " + e.getMessage());
            }
            Path source = workspace.resources().entrySet().stream().filter(entry -> entry.getValue() == prompt.eResource())
                    .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
            String old = fromGit ? gitShow(source, revision) : keptVersion(revision);
            String suffix = (fromGit ? "_at_" : "_v_") + revision.replaceAll("[^A-Za-z0-9]", "_");
            java.util.regex.Matcher declared = java.util.regex.Pattern.compile("(?m)^namespace\\s+([\\w.]+)").matcher(old);
            String namespace = declared.find() ? declared.group(1) + suffix : suffix.substring(1);
            String rewritten = declared.find(0) ? declared.replaceFirst("namespace " + namespace) : "namespace " + namespace + "\n" + old;
            Path copy = source.resolveSibling("." + source.getFileName() + suffix + ".pstudio");
            Files.writeString(copy, rewritten, StandardCharsets.UTF_8);
            copies.add(copy);
            renamed.add(namespace + "." + prompt.getName() + (parts.length == 2 ? "@" + parts[1] : ""));
        }
        variants = renamed;
        List<Path> roots = new ArrayList<>(List.of(folder));
        roots.addAll(copies);
        return CliPaths.loadWithoutErrors(roots, "eval", err);
    }

    /** The prompt file's text as the run history kept it for a version, or a usage error saying why not. */
    private String keptVersion(String version) throws IOException {
        try (io.promptstudio.store.RunHistory kept = io.promptstudio.store.RunHistory.open(CliStore.history(history))) {
            return kept.versionSource(version);
        } catch (io.promptstudio.store.HistoryException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: " + e.getMessage());
        }
    }

    /** The file's text at a git revision, or a usage error with what git said. */
    private static String gitShow(Path file, String revision) throws IOException {
        Process git = new ProcessBuilder("git", "show", revision + ":./" + file.getFileName()).directory(file.getParent().toFile())
                .redirectErrorStream(false).start();
        byte[] text = git.getInputStream().readAllBytes();
        String problem = new String(git.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (git.waitFor() != 0) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: git cannot show " + CliPaths.shown(file) + " at "
                        + revision + ": " + problem);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git read " + file, e);
        }
        return new String(text, StandardCharsets.UTF_8);
    }

    /** {@code Prompt} or {@code Prompt@profile}, each found in the workspace, or a usage error saying what exists. */
    private static List<EvalSuite.Variant> variants(LanguageWorkspace workspace, List<String> written) {
        List<EvalSuite.Variant> found = new ArrayList<>();
        List<String> profiles = workspace.profiles().stream().map(io.promptstudio.dsl.promptStudio.Profile::getName).toList();
        for (String each : written) {
            String[] parts = each.strip().split("@", 2);
            try {
                String prompt = workspace.nameOf(workspace.prompt(parts[0]));
                if (parts.length == 2 && !profiles.contains(parts[1])) {
                    throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: no profile '" + parts[1] + "' (profiles: "
                            + String.join(", ", profiles) + ")");
                }
                found.add(new EvalSuite.Variant(prompt, parts.length == 2 ? parts[1] : null));
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: " + e.getMessage());
            }
        }
        if (found.isEmpty() || found.stream().distinct().count() < found.size()) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio eval: --variants names each variant once");
        }
        return found;
    }

    private static Eval find(LanguageWorkspace workspace, Path file, String name) {
        Path real = file.toAbsolutePath().normalize();
        List<Eval> evals = new ArrayList<>();
        for (Path loaded : workspace.resources().keySet()) {
            if (loaded.toAbsolutePath().normalize().equals(real) || sameFile(loaded, real)) {
                workspace.model(loaded).ifPresent(model -> model.getElements().stream().filter(Eval.class::isInstance).map(Eval.class::cast)
                        .forEach(evals::add));
            }
        }
        return evals.stream().filter(eval -> eval.getName().equals(name)).findFirst().orElseThrow(() -> new CommandFailure(
                PromptStudioCli.EXIT_USAGE, "promptstudio eval: " + CliPaths.shown(file) + " has no eval '" + name + "'"
                        + (evals.isEmpty() ? "" : " (evals: " + String.join(", ", evals.stream().map(Eval::getName).toList()) + ")")));
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The failed and erred cases shown per variant; all of them are in the -o .jsonl report. */
    static final int SHOWN = 10;

    private static void print(PrintWriter out, EvalOutcome outcome, java.util.Map<EvalSuite.Variant, List<CaseResult>> shortfalls) {
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            List<CaseResult> cases = new ArrayList<>(shortfalls.getOrDefault(summary.variant(), List.of()));
            cases.sort(java.util.Comparator.comparingInt(CaseResult::row).thenComparingInt(CaseResult::repeat));
            for (CaseResult result : cases.subList(0, Math.min(SHOWN, cases.size()))) {
                out.println((result.error() ? "ERROR " : "FAIL ") + result.where() + (result.repeat() > 1 ? " #" + result.repeat() : "") + " on "
                        + summary.variant().label() + ": " + result.reason());
            }
            if (cases.size() > SHOWN) {
                out.println("… and " + (cases.size() - SHOWN) + " more failed or erred on " + summary.variant().label()
                        + " (every case: -o FILE.jsonl)");
            }
        }
        out.println("eval " + outcome.suite() + EvalReports.stopped(outcome));
        for (EvalOutcome.VariantSummary summary : outcome.variants()) {
            out.printf(Locale.ROOT, "  %-40s %d/%d passed (%.1f %%), %d failed, %d errors, mean score %s, cost $%s, median %d ms%n",
                    summary.variant().label(), summary.passed(), summary.cases(), 100 * summary.passRate(), summary.failed(), summary.errors(),
                    summary.meanScore() == null ? "none (no answer)" : String.format(Locale.ROOT, "%.3f", summary.meanScore()),
                    summary.cost().toPlainString(), summary.medianMillis());
            if (!summary.unstable().isEmpty()) {
                out.println("    unstable (passed on some repeats, failed on others): " + String.join(", ", summary.unstable()));
            }
        }
        for (EvalOutcome.Comparison comparison : outcome.comparisons()) {
            out.printf(Locale.ROOT, "  %s vs %s: %s — mean score difference %+.3f, 95 %% interval [%+.3f, %+.3f], Wilcoxon p %.4f,"
                    + " McNemar p %.4f (Holm), %d rows; would detect %.3f%n", comparison.b().label(), comparison.a().label(),
                    comparison.verdict(), comparison.meanDifference(), comparison.interval().low(), comparison.interval().high(),
                    comparison.wilcoxonP(), comparison.mcnemarP(), comparison.pairs(), comparison.minimumDetectableEffect());
            if (comparison.pairwise() != null) {
                out.println("    " + EvalReports.pairwise(comparison));
            }
        }
        out.println(outcome.passed() ? "PASS" : outcome.cancelled() ? "FAIL: the run was cancelled" : outcome.budgetSpent()
                ? "FAIL: the budget was spent before every case ran" : "FAIL: a variant's pass rate is below " + String.format(Locale.ROOT,
                        "%.0f %%", 100 * outcome.suiteThreshold()));
        out.flush();
    }
}
