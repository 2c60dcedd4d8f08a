package io.promptstudio.cli;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.optimize.CandidateWorkspace;
import io.promptstudio.optimize.OptimizeStore;
import io.promptstudio.optimize.Refiner;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The self-refinement loop from the command line: a round (or, with {@code --watch}, a round every so often) runs the
 * eval, has a model diagnose the failures and propose an edit, and writes an improving edit as a patch for review.
 * The prompt's file changes only with {@code --accept}.
 */
@Command(name = "refine", mixinStandardHelpOptions = true, description = "Run a prompt's eval; when cases fail, have a model diagnose them and"
        + " propose an edit, check it with the language, run the eval again, and when it is better write it as a patch for review. The prompt"
        + " file is never written without --accept. Exit 0 when a round ran or a decision was recorded, 2 on bad usage.")
final class RefineCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE#PROMPT", description = "The prompt file and the prompt in it.")
    String target;

    @Option(names = "--eval", paramLabel = "EVAL", description = "The eval of the prompt's file that the rounds run.")
    String evalName;

    @Option(names = "--watch", description = "Go on: a round every --every, until interrupted (or --rounds).")
    boolean watch;

    @Option(names = "--every", paramLabel = "DURATION", description = "Time between rounds with --watch: 30m, 2h, 1d (default 1h).")
    String every = "1h";

    @Option(names = "--rounds", paramLabel = "N", description = "Stop after N rounds (default 1, or no limit with --watch).")
    Integer rounds;

    @Option(names = "--patch", paramLabel = "FILE", description = "Where to write a proposal's patch (default: ~/.promptstudio/proposals/ID.patch).")
    Path patchFile;

    @Option(names = "--list", description = "List the logged rounds, newest first (the prompt's, or every prompt's).")
    boolean list;

    @Option(names = "--accept", paramLabel = "ID", description = "Write a proposal into its file (after the language checks it again).")
    String accept;

    @Option(names = "--reject", paramLabel = "ID", description = "Turn a proposal down; it stays in the log.")
    String reject;

    @Option(names = "--optimizer-profile", paramLabel = "PROFILE", description = "The profile the diagnosis runs with (default: the prompt's).")
    String optimizerProfile;

    @Option(names = "--max-concurrency", paramLabel = "J", description = "Runs at a time (default 4).")
    int concurrency = 4;

    @Option(names = "--no-cache", description = "Call the provider for every request, even where the cache has the answer.")
    boolean noCache;

    @Option(names = "--store", paramLabel = "FILE", description = "The optimization store, where every round is logged (default:"
            + " ~/.promptstudio/optimize).")
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
        Duration interval;
        int limit;
        try {
            interval = duration(every);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        limit = rounds != null ? rounds : watch ? Integer.MAX_VALUE : 1;
        if (limit < 1) {
            throw usage("--rounds is at least 1");
        }
        boolean deciding = list || accept != null || reject != null;
        if (!deciding && (target == null || evalName == null)) {
            throw usage("name the prompt as FILE#PROMPT and its eval with --eval (or use --list, --accept ID, --reject ID)");
        }
        try (OptimizeStore refinements = OptimizeStore.open(CliStore.optimize(store))) {
            if (list) {
                list(out, refinements);
                return 0;
            }
            if (accept != null) {
                return accept(out, refinements);
            }
            if (reject != null) {
                Refiner.reject(refinements, reject);
                out.println("refinement " + reject + " rejected; it stays in the log (promptstudio refine --list)");
                return 0;
            }
            for (int round = 1; round <= limit; round++) {
                if (round > 1) {
                    err.println("promptstudio refine: next round at " + TIME.format(java.time.Instant.now().plus(interval)));
                    Thread.sleep(interval.toMillis());
                }
                try {
                    round(out, err, refinements);
                } catch (CommandFailure | IllegalStateException e) {
                    if (!watch) {
                        throw e;
                    }
                    // a file mid-edit, or a provider down for a while: the next round tries again
                    err.println("promptstudio refine: round " + round + " failed: " + e.getMessage());
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        } catch (HistoryException e) {
            throw new CommandFailure(1, "promptstudio refine: " + e.getMessage());
        }
    }

    private void round(PrintWriter out, PrintWriter err, OptimizeStore refinements) throws IOException, InterruptedException, HistoryException {
        // loaded afresh each round: the file may have been edited, or a proposal accepted, since the last
        OptimizationTarget loaded = OptimizationTarget.load(target, evalName, "refine", err);
        CandidateWorkspace candidates = loaded.candidates();
        Path promptFile = loaded.promptFile();
        java.time.Instant started = java.time.Instant.now();
        ProgressLine progress = new ProgressLine(err, "refine");
        OptimizeStore.StoredProposal proposal;
        try (CliRunner runner = new CliRunner(candidates.catalog(), history, prices, cache, "refine", noCache ? CliRunner.CacheAccess.NONE
                : CliRunner.CacheAccess.SHARED)) {
            Refiner refiner = new Refiner(candidates, loaded.suite(), runner.runs(), loaded.evaluator(), refinements, concurrency, !noCache);
            proposal = refiner.round(promptFile, optimizerProfile, progress::update, new Cancellation());
        } catch (DatasetException e) {
            throw new CommandFailure(1, "promptstudio refine: " + e.getMessage());
        } finally {
            progress.done();
        }
        if (Refiner.PROPOSED.equals(proposal.status()) && proposal.createdAt().isBefore(started)) {
            out.println("refinement " + proposal.id() + " awaits review (promptstudio refine --accept " + proposal.id() + " or --reject "
                    + proposal.id() + "); no new round on the same text");
            return;
        }
        print(out, proposal);
        if (Refiner.PROPOSED.equals(proposal.status())) {
            Path written = patchFile != null ? patchFile : CliStore.home().resolve("proposals").resolve(proposal.id() + ".patch");
            Files.createDirectories(written.toAbsolutePath().getParent());
            Files.writeString(written, proposal.patch(), StandardCharsets.UTF_8);
            out.println("  patch: " + CliPaths.shown(written));
            out.println("  review it, then: promptstudio refine --accept " + proposal.id() + " (or --reject " + proposal.id() + ")");
        }
    }

    private static void print(PrintWriter out, OptimizeStore.StoredProposal proposal) {
        out.printf(Locale.ROOT, "refinement %s of %s with eval %s: %s%n", proposal.id(), proposal.target(), proposal.suite(), switch (proposal.status()) {
            case Refiner.NOTHING_FAILED -> "every case passed; nothing to refine";
            case Refiner.INVALID -> "the edit was dropped: " + proposal.problem();
            case Refiner.NOT_BETTER -> "the edit did not pass more cases; not proposed";
            default -> "an edit that passes more cases, for review";
        });
        if (proposal.diagnosis() != null) {
            out.println("  diagnosis: " + proposal.diagnosis());
        }
        out.printf(Locale.ROOT, "  before: %d/%d passed, mean score %.3f%n", proposal.beforePassed(), proposal.cases(), proposal.beforeScore());
        if (proposal.afterScore() != null) {
            out.printf(Locale.ROOT, "  after:  %d/%d passed, mean score %.3f%n", proposal.afterPassed(), proposal.cases(), proposal.afterScore());
        }
    }

    private int accept(PrintWriter out, OptimizeStore refinements) throws IOException, HistoryException {
        OptimizeStore.StoredProposal proposal = refinements.proposal(accept).orElseThrow(() -> usage("no refinement '" + accept + "'"));
        if (proposal.fileAfter() != null) {
            Path file = Path.of(proposal.filePath());
            LanguageWorkspace check = CliPaths.load(List.of(file.getParent()), "refine");
            check.replace(file, proposal.fileAfter().getBytes(StandardCharsets.UTF_8));
            List<Diagnostic> errors = new LanguageChecker().check(check).stream().filter(each -> each.severity() == Severity.ERROR).toList();
            if (!errors.isEmpty()) {
                throw new CommandFailure(1, "promptstudio refine: with refinement " + accept + " the workspace does not check, so it was not"
                        + " written: " + errors.get(0).format());
            }
        }
        Refiner.accept(refinements, accept, (file, text) -> Files.writeString(file, text, StandardCharsets.UTF_8));
        out.println("refinement " + accept + " accepted: wrote " + CliPaths.shown(Path.of(proposal.filePath())));
        return 0;
    }

    private void list(PrintWriter out, OptimizeStore refinements) throws HistoryException {
        String prompt = target == null ? null : target.substring(target.indexOf('#') + 1);
        List<OptimizeStore.StoredProposal> found = refinements.proposals(null, 200).stream()
                .filter(each -> prompt == null || each.target().equals(prompt) || each.target().endsWith("." + prompt)).toList();
        if (found.isEmpty()) {
            out.println("no refinement rounds logged");
            return;
        }
        for (OptimizeStore.StoredProposal each : found) {
            out.printf(Locale.ROOT, "%s  %s  %-30s %-14s %s%n", each.id(), TIME.format(each.createdAt()), each.target(), each.status(),
                    each.afterScore() == null ? String.format(Locale.ROOT, "%.3f", each.beforeScore())
                            : String.format(Locale.ROOT, "%.3f → %.3f", each.beforeScore(), each.afterScore()));
        }
    }

    /** {@code 30m}, {@code 2h}, {@code 1d}, {@code 45s}: at least a second. */
    static Duration duration(String text) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
            throw new IllegalArgumentException("--every is a number and a unit (s, m, h or d), e.g. 30m, not " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static CommandFailure usage(String message) {
        return new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio refine: " + message);
    }
}
