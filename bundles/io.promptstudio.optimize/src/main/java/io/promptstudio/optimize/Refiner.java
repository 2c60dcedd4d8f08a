package io.promptstudio.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalRunner;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-refinement loop's round: run a prompt's eval suite; when cases fail, have a model diagnose them and
 * propose an edited instruction; have the language check it; run the suite on both; and, when the edit passes more
 * cases and scores higher, offer it as a patch for review. Nothing is written to the prompt's file until a person
 * {@link #accept accepts} the proposal. Every round is logged in the {@link OptimizeStore}, proposed or not.
 */
public final class Refiner {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The failed cases a diagnosis reads: enough to see a pattern, few enough for one prompt. */
    static final int FAILURES_SHOWN = 5;

    public static final String NOTHING_FAILED = "nothing-failed";
    public static final String INVALID = "invalid";
    public static final String NOT_BETTER = "not-better";
    public static final String PROPOSED = "proposed";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    private final CandidateWorkspace candidates;
    private final EvalSuite suite;
    private final PromptRuns runs;
    private final ExpectationEvaluator evaluator;
    private final OptimizeStore store;
    private final int concurrency;
    private final boolean useCache;
    private final String profile;

    /** Told as the round goes, on its thread. */
    public interface Listener {
        Listener NONE = what -> { };

        void phase(String what);
    }

    public Refiner(CandidateWorkspace candidates, EvalSuite suite, PromptRuns runs, ExpectationEvaluator evaluator, OptimizeStore store, int concurrency,
            boolean useCache) {
        this.candidates = candidates;
        this.suite = suite;
        this.runs = runs;
        this.evaluator = evaluator;
        this.store = store;
        this.concurrency = concurrency;
        this.useCache = useCache;
        this.profile = candidates.profileIn(suite);
    }

    /**
     * One round, logged whatever it comes to.
     *
     * @param file the prompt's file on disk, whose text the proposal's patch applies to
     * @param optimizerProfile the profile the diagnosing prompt runs with (null: the prompt's own)
     */
    public OptimizeStore.StoredProposal round(Path file, String optimizerProfile, Listener listener, Cancellation cancellation)
            throws HistoryException, DatasetException, InterruptedException {
        Candidate start = candidates.shape().start();
        OptimizeStore.StoredProposal waiting = awaitingReview();
        if (waiting != null) {
            return waiting;
        }
        listener.phase("running eval " + suite.name() + " on " + candidates.targetName());
        List<CaseResult> before = cases(List.of(candidates.targetName()), cancellation);
        List<CaseResult> failed = before.stream().filter(result -> !result.passed()).sorted(Comparator.comparingInt(CaseResult::row)).toList();
        if (failed.isEmpty()) {
            return log(file, NOTHING_FAILED, null, null, null, before, List.of(), null);
        }
        listener.phase(failed.size() + " of " + before.size() + " cases failed: asking for a diagnosis");
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("instruction", start.instruction());
        arguments.put("failures", failures(failed));
        arguments.put("rules", candidates.rules());
        RunRecord record;
        try {
            record = runs.run(RunRequest.of(CandidateWorkspace.meta("DiagnoseFailures"), arguments).withProfile(optimizerProfile != null
                    ? optimizerProfile : candidates.metaProfile(suite)).withCache(useCache ? CacheUse.exact() : null), RunListener.NONE, cancellation);
        } catch (ArgumentException | RunException e) {
            throw new IllegalStateException("the diagnosing prompt cannot run: " + e.getMessage(), e);
        }
        Map<?, ?> answer = RunRecord.SUCCEEDED.equals(record.status()) ? parse(record.outputJson()) : null;
        if (answer == null || !(answer.get("instruction") instanceof String instruction) || instruction.isBlank()) {
            return log(file, INVALID, null, null, "the diagnosing prompt gave no edit: " + (record.errorMessage() == null ? record.outputJson()
                    : record.errorMessage()), before, List.of(), null);
        }
        String diagnosis = answer.get("diagnosis") instanceof String said ? said : null;
        Candidate edited = start.withInstruction(instruction.strip());
        CandidateWorkspace.Admission admission = candidates.admit(edited);
        if (!admission.valid()) {
            return log(file, INVALID, diagnosis, edited, admission.problem(), before, List.of(), null);
        }
        listener.phase("checking the edit: running eval " + suite.name() + " on both");
        List<CaseResult> both = cases(List.of(candidates.targetName(), admission.prompt()), cancellation);
        // compared on the rows both answered: an eval's budget may stop the run before every row ran twice
        java.util.Set<Integer> answeredByEdit = both.stream().filter(result -> result.variant().prompt().equals(admission.prompt())).map(CaseResult::row)
                .collect(java.util.stream.Collectors.toSet());
        java.util.Set<Integer> written = both.stream().filter(result -> result.variant().prompt().equals(candidates.targetName()))
                .map(CaseResult::row).collect(java.util.stream.Collectors.toSet());
        List<CaseResult> after = both.stream().filter(result -> result.variant().prompt().equals(admission.prompt()) && written.contains(result.row()))
                .toList();
        List<CaseResult> again = both.stream().filter(result -> result.variant().prompt().equals(candidates.targetName())
                && answeredByEdit.contains(result.row())).toList();
        boolean better = passed(after) > passed(again) && mean(after) > mean(again);
        String status = better ? PROPOSED : NOT_BETTER;
        return log(file, status, diagnosis, edited, null, again, after, better ? patch(file, edited) : null);
    }

    private List<CaseResult> cases(List<String> prompts, Cancellation cancellation) throws DatasetException, InterruptedException {
        List<CaseResult> results = Collections.synchronizedList(new ArrayList<>());
        EvalSuite running = suite.withVariants(prompts.stream().map(prompt -> new EvalSuite.Variant(prompt, profile)).toList()).with(1, suite.budget());
        EvalOutcome outcome = new EvalRunner(runs, evaluator, concurrency, useCache).run(running, (result, done) -> results.add(result), cancellation);
        if (outcome.cancelled()) {
            throw new InterruptedException("the round was cancelled");
        }
        return results;
    }

    private static int passed(List<CaseResult> results) {
        return (int) results.stream().filter(CaseResult::passed).count();
    }

    private static double mean(List<CaseResult> results) {
        return results.stream().mapToDouble(result -> result.score() == null ? 0 : result.score()).average().orElse(0);
    }

    /** Each shown case: its inputs and expected answer (from its row), the answer given, and why it fell short. */
    private String failures(List<CaseResult> failed) throws DatasetException {
        List<CaseResult> shown = failed.subList(0, Math.min(FAILURES_SHOWN, failed.size()));
        Map<Integer, io.promptstudio.eval.DatasetRow> rows = new java.util.HashMap<>();
        suite.onRows(shown.stream().map(CaseResult::row).toList()).rows(row -> rows.put(row.number(), row));
        StringBuilder text = new StringBuilder();
        for (CaseResult result : shown) {
            io.promptstudio.eval.DatasetRow row = rows.get(result.row());
            text.append("case ").append(result.where()).append('\n');
            if (row != null) {
                text.append("input: ").append(json(row.inputs())).append('\n').append("expected: ").append(row.expected() == null ? "(not given)"
                        : json(row.expected())).append('\n');
            }
            text.append("answer: ").append(result.output() == null ? "(none)" : result.output()).append('\n').append("why it fell short: ")
                    .append(result.reason()).append("\n\n");
        }
        return text.toString().strip();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** The last round's proposal for this text if it still awaits review: a round on the same text proposes nothing new. */
    private OptimizeStore.StoredProposal awaitingReview() throws HistoryException {
        return store.proposals(candidates.targetName(), 20).stream().filter(each -> PROPOSED.equals(each.status())
                && each.fileBefore().equals(candidates.shape().fileText())).findFirst().orElse(null);
    }

    private static Map<?, ?> parse(String outputJson) {
        try {
            return JSON.readValue(outputJson, Object.class) instanceof Map<?, ?> map ? map : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A unified diff of the file as loaded against the file with the edit, as {@code git apply} and {@code patch -p1} read it. */
    public String patch(Path file, Candidate edited) {
        List<String> before = candidates.shape().fileText().lines().toList();
        List<String> after = candidates.shape().fileWith(edited).lines().toList();
        String name = file.getFileName().toString();
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, before, DiffUtils.diff(before, after), 3)) + "\n";
    }

    private OptimizeStore.StoredProposal log(Path file, String status, String diagnosis, Candidate edited, String problem, List<CaseResult> before,
            List<CaseResult> after, String patch) throws HistoryException {
        OptimizeStore.StoredProposal proposal = new OptimizeStore.StoredProposal(null, candidates.targetName(), suite.name(), Instant.now(), status,
                diagnosis, edited == null ? null : edited.instruction(), problem, before.size(), mean(before), after.isEmpty() ? null : mean(after),
                passed(before), after.isEmpty() ? null : passed(after), file.toAbsolutePath().toString(), candidates.shape().fileText(),
                edited == null ? null : candidates.shape().fileWith(edited), patch, null);
        String id = store.propose(proposal);
        return store.proposal(id).orElseThrow();
    }

    /** How an accepted proposal reaches its file: straight to disk from the CLI, through the workspace's file in the workbench. */
    public interface FileWriter {
        void write(Path file, String text) throws IOException;
    }

    /**
     * Writes an accepted proposal into its file with {@code writer}, and logs the acceptance.
     *
     * @throws IllegalArgumentException when it is not a proposal awaiting review, or the file changed since it was made
     */
    public static void accept(OptimizeStore store, String id, FileWriter writer) throws HistoryException, IOException {
        OptimizeStore.StoredProposal proposal = store.proposal(id).orElseThrow(() -> new IllegalArgumentException("no refinement '" + id + "'"));
        if (!PROPOSED.equals(proposal.status())) {
            throw new IllegalArgumentException("refinement " + id + " is " + proposal.status() + ", not a proposal awaiting review");
        }
        Path file = Path.of(proposal.filePath());
        String now = Files.readString(file, StandardCharsets.UTF_8);
        if (!now.equals(proposal.fileBefore())) {
            throw new IllegalArgumentException(file + " changed since refinement " + id + " was proposed: review its patch and apply it by hand,"
                    + " or let the next round propose again");
        }
        writer.write(file, proposal.fileAfter());
        store.decide(id, ACCEPTED);
    }

    /** Logs that a proposal was turned down. */
    public static void reject(OptimizeStore store, String id) throws HistoryException {
        OptimizeStore.StoredProposal proposal = store.proposal(id).orElseThrow(() -> new IllegalArgumentException("no refinement '" + id + "'"));
        if (!PROPOSED.equals(proposal.status())) {
            throw new IllegalArgumentException("refinement " + id + " is " + proposal.status() + ", not a proposal awaiting review");
        }
        store.decide(id, REJECTED);
    }
}
