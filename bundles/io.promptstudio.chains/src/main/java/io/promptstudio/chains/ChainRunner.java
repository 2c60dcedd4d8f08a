package io.promptstudio.chains;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.promptStudio.Branch;
import io.promptstudio.dsl.promptStudio.BranchArm;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.MapStep;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.Refinement;
import io.promptstudio.dsl.promptStudio.Retrieval;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.StageArgument;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.Execution;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.store.HistoryException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Runs chains: each stage as soon as the stages it reads are done, so independent stages run at the same time; every
 * prompt through {@link PromptRuns} (the run path: history, cache, prices, rate limits); at most {@code concurrency}
 * prompt calls at once. Every stage's result is kept in the {@link ChainStore} as it finishes. A failed stage skips
 * the stages that read it and fails the run; {@link #resume} runs it again, reusing every stored result whose stage is
 * written as it was.
 */
public final class ChainRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a retrieval stage asks the workspace's search for. */
    @FunctionalInterface
    public interface PassageSource {
        /** Up to {@code top} passages for the question, each a record with those of {@code fields} retrieval gives. */
        List<Map<String, Object>> retrieve(String question, int top, List<String> fields) throws Exception;
    }

    /** What a caller hears while a chain runs (from the stages' threads). */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void stageStarted(String chain, String stage) {
        }

        default void stageFinished(String chain, StageResult result) {
        }
    }

    private final PromptRuns runs;
    private final ChainStore store;
    private final PassageSource passages;
    private final ExpectationEvaluator evaluator;
    private final Function<Element, String> names;
    private final Semaphore calls;
    private final CacheUse cache;

    private ChainRunner(Builder builder) {
        this.runs = Objects.requireNonNull(builder.runs, "the run path");
        this.evaluator = Objects.requireNonNull(builder.evaluator, "an expression evaluator");
        this.names = Objects.requireNonNull(builder.names, "the workspace's names");
        this.store = builder.store;
        this.passages = builder.passages;
        this.calls = new Semaphore(builder.concurrency);
        this.cache = builder.cache;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the chain on these inputs (plain values, as {@link TypedValues} describes).
     *
     * @throws ArgumentException when an input is missing or does not fit: nothing runs
     * @throws HistoryException  when the store cannot be written
     */
    public ChainOutcome run(Chain chain, Map<String, ?> inputs, Listener listener, Cancellation cancellation)
            throws ArgumentException, HistoryException {
        Map<String, Object> given = checkedInputs(chain, inputs);
        String runId = store == null ? java.util.UUID.randomUUID().toString().substring(0, 8) : store.begin(names.apply(chain), json(given));
        return execute(chain, runId, given, Map.of(), listener, cancellation);
    }

    /**
     * Goes on with a stored run that failed or was cut short: on its inputs, reusing each stored result that
     * succeeded for a stage written as it is now; the others run again.
     *
     * @throws IllegalArgumentException when there is no such run, or it is another chain's
     */
    public ChainOutcome resume(Chain chain, String runId, Listener listener, Cancellation cancellation)
            throws ArgumentException, HistoryException {
        if (store == null) {
            throw new IllegalArgumentException("resuming needs the chain store");
        }
        ChainStore.StoredRun stored = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no chain run " + runId));
        if (!stored.chain().equals(names.apply(chain))) {
            throw new IllegalArgumentException("run " + runId + " is of chain " + stored.chain() + ", not " + names.apply(chain));
        }
        Map<String, Object> inputs;
        try {
            inputs = checkedInputs(chain, asMap(TypedValues.plain(JSON.readValue(stored.inputsJson(), Object.class))));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run " + runId + "'s inputs cannot be read: " + e.getOriginalMessage());
        }
        Map<String, StageResult> kept = new HashMap<>();
        ChainGraph graph = ChainGraph.of(chain);
        for (ChainStore.StoredStage each : store.stages(runId)) {
            Stage stage = graph.stage(each.result().stage());
            if (stage != null && each.result().succeeded() && each.fingerprint().equals(fingerprint(stage))) {
                kept.put(stage.getName(), each.result().asReused());
            }
        }
        store.reopen(runId);
        return execute(chain, runId, inputs, kept, listener, cancellation);
    }

    private ChainOutcome execute(Chain chain, String runId, Map<String, Object> inputs, Map<String, StageResult> kept, Listener listener,
            Cancellation cancellation) throws HistoryException {
        long start = System.nanoTime();
        synchronized (ChainRunner.class) {
            // the stages' threads read the model: every reference is resolved before they start
            EcoreUtil.resolveAll(chain.eResource().getResourceSet());
        }
        ChainGraph graph = ChainGraph.of(chain);
        Set<Stage> needed = graph.reachingResult();
        List<Stage> order = graph.order().stream().filter(needed::contains).toList();
        Map<String, Object> values = Collections.synchronizedMap(new HashMap<>(inputs));
        Map<Stage, StageResult> results = Collections.synchronizedMap(new LinkedHashMap<>());
        String chainName = names.apply(chain);
        java.util.concurrent.atomic.LongAdder runPathNanos = new java.util.concurrent.atomic.LongAdder();
        Map<Stage, String> fingerprints = new HashMap<>();
        order.forEach(stage -> fingerprints.put(stage, fingerprint(stage)));
        // Results are written by one writer beside the stages, in the order they finish, so that the next stage need not
        // wait for the database; every write is done before the run ends.
        List<Future<?>> writes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "PromptStudio chain store: " + chainName);
            thread.setDaemon(true);
            return thread;
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Stage, CompletableFuture<StageResult>> futures = new LinkedHashMap<>();
            for (Stage stage : order) {
                CompletableFuture<?>[] reads = graph.reads(stage).stream().map(futures::get).filter(Objects::nonNull)
                        .toArray(CompletableFuture[]::new);
                CompletableFuture<StageResult> future = CompletableFuture.allOf(reads).thenApplyAsync(ignored -> {
                    Done done = stageResult(chainName, stage, graph, results, values, kept, listener, cancellation, runPathNanos);
                    StageResult result = done.result();
                    results.put(stage, result);
                    if (result.succeeded()) {
                        values.put(stage.getName(), done.output());
                    }
                    if (!result.reused() && store != null) {
                        int position = chain.getStages().indexOf(stage);
                        writes.add(writer.submit(() -> {
                            store.record(runId, position, fingerprints.get(stage), result);
                            return null;
                        }));
                    }
                    listener.stageFinished(chainName, result);
                    return result;
                }, threads);
                futures.put(stage, future);
            }
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            writer.shutdown();
        }
        for (Future<?> write : List.copyOf(writes)) {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HistoryException("interrupted while the chain store was written", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof HistoryException failure ? failure : new HistoryException(String.valueOf(e.getCause()), e);
            }
        }
        List<StageResult> stages = order.stream().map(results::get).toList();
        BigDecimal cost = stages.stream().map(StageResult::cost).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
        long millis = (System.nanoTime() - start) / 1_000_000;
        StageResult failed = stages.stream().filter(result -> StageResult.FAILED.equals(result.status())).findFirst().orElse(null);
        String status;
        String error = null;
        Object output = null;
        if (cancellation.isCancelled() && stages.stream().anyMatch(result -> !result.succeeded())) {
            status = ChainStore.CANCELLED;
            error = "cancelled";
        } else if (failed != null) {
            status = ChainStore.FAILED;
            error = "stage " + failed.stage() + " failed: " + failed.error();
        } else {
            ExpectationEvaluator.Outcome result = evaluator.evaluate(chain.getResult(), values, Map.of());
            if (result.error() != null) {
                status = ChainStore.FAILED;
                error = "the result cannot be evaluated: " + result.error();
            } else {
                status = ChainStore.SUCCEEDED;
                output = result.value();
            }
        }
        String outputJson = output == null && status.equals(ChainStore.SUCCEEDED) ? "null" : output == null ? null : json(output);
        if (store != null) {
            store.finish(runId, status, outputJson, error, cost, millis);
        }
        return new ChainOutcome(runId, chainName, status, output, outputJson, stages, cost, millis, error, runPathNanos.sum());
    }

    /** A stage's result and its output as plain values (null unless it succeeded). */
    private record Done(StageResult result, Object output) {
    }

    private Done stageResult(String chainName, Stage stage, ChainGraph graph, Map<Stage, StageResult> results, Map<String, Object> values,
            Map<String, StageResult> kept, Listener listener, Cancellation cancellation, java.util.concurrent.atomic.LongAdder runPathNanos) {
        String kind = ChainGraph.kind(stage);
        for (Stage read : graph.reads(stage)) {
            StageResult before = results.get(read);
            if (before == null || !before.succeeded()) {
                return new Done(new StageResult(stage.getName(), kind, StageResult.SKIPPED, null, null, List.of(), null, 0, 0, null, null, null, 0,
                        List.of(), "stage " + read.getName() + " did not succeed", false), null);
            }
        }
        if (kept.containsKey(stage.getName())) {
            StageResult reused = kept.get(stage.getName());
            return new Done(reused, parse(reused.outputJson()));
        }
        if (cancellation.isCancelled()) {
            return new Done(new StageResult(stage.getName(), kind, StageResult.CANCELLED, null, null, List.of(), null, 0, 0, null, null, null, 0,
                    List.of(), "cancelled before it started", false), null);
        }
        listener.stageStarted(chainName, stage.getName());
        Work work = new Work(stage.getName(), kind, listener, cancellation, runPathNanos);
        Map<String, Object> variables;
        synchronized (values) {
            variables = new HashMap<>(values);
        }
        try {
            Object output = switch (stage.getStep()) {
                case Invocation invocation -> work.call(invocation, variables, true);
                case Retrieval retrieval -> work.retrieve(retrieval, variables);
                case Branch branch -> work.branch(branch, variables);
                case MapStep map -> work.map(map, variables);
                case Refinement refinement -> work.refine(stage.getName(), refinement, variables);
                default -> throw new StageFailure("a stage of an unknown kind");
            };
            return new Done(work.result(StageResult.SUCCEEDED, json(output), null), output);
        } catch (StageFailure e) {
            return new Done(work.result(cancellation.isCancelled() ? StageResult.CANCELLED : StageResult.FAILED, null, e.getMessage()), null);
        } catch (RuntimeException e) {
            return new Done(work.result(StageResult.FAILED, null, "unexpected: " + e), null);
        }
    }

    /** What one stage does and has spent so far. */
    private final class Work {
        private final String stage;
        private final String kind;
        private final Listener listener;
        private final Cancellation cancellation;
        private final java.util.concurrent.atomic.LongAdder runPathNanos;
        private final long start = System.nanoTime();
        private final List<RunRecord> records = Collections.synchronizedList(new ArrayList<>());
        private final List<String> childRuns = Collections.synchronizedList(new ArrayList<>());
        private final List<String> repairs = Collections.synchronizedList(new ArrayList<>());
        private BigDecimal childCost = BigDecimal.ZERO;
        private Object input;
        private String detail;

        Work(String stage, String kind, Listener listener, Cancellation cancellation, java.util.concurrent.atomic.LongAdder runPathNanos) {
            this.runPathNanos = runPathNanos;
            this.stage = stage;
            this.kind = kind;
            this.listener = listener;
            this.cancellation = cancellation;
        }

        Object call(Invocation invocation, Map<String, Object> variables, boolean recordInput) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            for (StageArgument argument : invocation.getArguments()) {
                arguments.put(argument.getName(), value(argument.getValue(), variables));
            }
            if (recordInput) {
                input = arguments;
            }
            Element target = invocation.getTarget();
            if (target instanceof Chain chain) {
                ChainOutcome outcome;
                try {
                    outcome = run(chain, arguments, listener, cancellation);
                } catch (ArgumentException e) {
                    throw new StageFailure("chain " + chain.getName() + ": " + String.join("; ", e.problems()));
                } catch (HistoryException e) {
                    throw new StageFailure(e.getMessage());
                }
                synchronized (this) {
                    childRuns.add("chain:" + outcome.runId());
                    childCost = childCost.add(outcome.cost());
                }
                if (!outcome.succeeded()) {
                    throw new StageFailure("chain " + chain.getName() + " (run " + outcome.runId() + ") " + outcome.error());
                }
                return outcome.output();
            }
            if (!(target instanceof Prompt prompt)) {
                throw new StageFailure("'" + (target == null ? "?" : target.getName()) + "' is not a prompt or a chain");
            }
            RunRequest request = new RunRequest(names.apply(prompt), arguments, invocation.getProfile() == null ? null
                    : invocation.getProfile().getName(), Map.of(), cache);
            RunRecord record;
            try {
                calls.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StageFailure("interrupted");
            }
            try {
                long asked = System.nanoTime();
                try {
                    record = runs.run(request, RunListener.NONE, cancellation);
                } finally {
                    runPathNanos.add(System.nanoTime() - asked);
                }
            } catch (ArgumentException e) {
                throw new StageFailure(prompt.getName() + ": " + String.join("; ", e.problems()));
            } catch (RunException e) {
                throw new StageFailure(prompt.getName() + ": " + e.getMessage());
            } finally {
                calls.release();
            }
            records.add(record);
            if (!RunRecord.SUCCEEDED.equals(record.status())) {
                throw new StageFailure(prompt.getName() + ": " + record.errorKind() + ": " + record.errorMessage());
            }
            repairs.addAll(repairsOf(record));
            return parse(record.outputJson());
        }

        Object retrieve(Retrieval retrieval, Map<String, Object> variables) {
            if (passages == null) {
                throw new StageFailure("no search is open for retrieval here");
            }
            Object question = value(retrieval.getQuery(), variables);
            int top = retrieval.getTop() == 0 ? 5 : retrieval.getTop();
            input = Map.of("question", String.valueOf(question), "top", top);
            List<String> fields = retrieval.getType() instanceof RecordType record ? record.getFields().stream().map(Field::getName).toList()
                    : List.of("text");
            try {
                List<Map<String, Object>> found = passages.retrieve(String.valueOf(question), top, fields);
                detail = found.size() + " passage" + (found.size() == 1 ? "" : "s");
                return TypedValues.plain(found);
            } catch (Exception e) {
                throw new StageFailure("retrieval failed: " + e.getMessage());
            }
        }

        Object branch(Branch branch, Map<String, Object> variables) {
            for (int i = 0; i < branch.getArms().size(); i++) {
                BranchArm arm = branch.getArms().get(i);
                if (holds(arm.getCondition(), variables)) {
                    detail = "arm " + (i + 1) + ": when " + text(arm.getCondition()) + " → " + arm.getCall().getTarget().getName();
                    return call(arm.getCall(), variables, true);
                }
            }
            if (branch.getOtherwise() != null) {
                detail = "else → " + branch.getOtherwise().getTarget().getName();
                return call(branch.getOtherwise(), variables, true);
            }
            detail = "no arm held";
            return null;
        }

        Object map(MapStep map, Map<String, Object> variables) {
            Object list = value(map.getList(), variables);
            if (!(list instanceof List<?> items)) {
                throw new StageFailure("'" + text(map.getList()) + "' is not a list: " + TypedValues.describe(list));
            }
            input = Map.of("items", items.size());
            Semaphore running = new Semaphore(map.getConcurrency() == 0 ? 4 : map.getConcurrency());
            List<Future<Object>> outputs = new ArrayList<>();
            try (ExecutorService itemThreads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Object item : items) {
                    Map<String, Object> scope = new HashMap<>(variables);
                    scope.put(map.getVariable(), item);
                    outputs.add(itemThreads.submit(() -> {
                        running.acquire();
                        try {
                            return call(map.getCall(), scope, false);
                        } finally {
                            running.release();
                        }
                    }));
                }
                List<Object> results = new ArrayList<>();
                for (int i = 0; i < outputs.size(); i++) {
                    try {
                        results.add(outputs.get(i).get());
                    } catch (ExecutionException e) {
                        outputs.forEach(each -> each.cancel(true));
                        throw new StageFailure("item " + (i + 1) + " of " + items.size() + ": " + (e.getCause() instanceof StageFailure failure
                                ? failure.getMessage() : String.valueOf(e.getCause())));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StageFailure("interrupted");
                    }
                }
                detail = items.size() + " item" + (items.size() == 1 ? "" : "s");
                return results;
            }
        }

        Object refine(String name, Refinement refinement, Map<String, Object> variables) {
            Object draft = call(refinement.getDraft(), variables, true);
            int revisions = 0;
            while (true) {
                Map<String, Object> scope = new HashMap<>(variables);
                scope.put(name, draft);
                Object critique = call(refinement.getCritique(), scope, false);
                scope.put(ChainGraph.CRITIQUE, critique);
                if (refinement.getCondition() != null && holds(refinement.getCondition(), scope)) {
                    detail = revisions + " revision" + (revisions == 1 ? "" : "s") + ", then 'until' held";
                    return draft;
                }
                if (revisions >= refinement.getRounds()) {
                    detail = revisions + " revision" + (revisions == 1 ? "" : "s") + ", stopped at max " + refinement.getRounds()
                            + (refinement.getCondition() == null ? "" : " ('until' never held)");
                    return draft;
                }
                draft = call(refinement.getRevision(), scope, false);
                revisions++;
            }
        }

        private Object value(Expression expression, Map<String, Object> variables) {
            ExpectationEvaluator.Outcome outcome = evaluator.evaluate(expression, variables, Map.of());
            if (outcome.error() != null) {
                throw new StageFailure("cannot evaluate '" + text(expression) + "': " + outcome.error());
            }
            return outcome.value();
        }

        private boolean holds(Expression expression, Map<String, Object> variables) {
            ExpectationEvaluator.Outcome outcome = evaluator.evaluate(expression, variables, Map.of());
            if (outcome.error() != null) {
                throw new StageFailure("cannot evaluate '" + text(expression) + "': " + outcome.error());
            }
            return outcome.holds();
        }

        StageResult result(String status, String outputJson, String error) {
            List<RunRecord> made = List.copyOf(records);
            BigDecimal cost = made.stream().map(RunRecord::cost).filter(Objects::nonNull).reduce(childCost, BigDecimal::add);
            Integer in = made.stream().allMatch(record -> record.inputTokens() != null) && !made.isEmpty()
                    ? made.stream().mapToInt(RunRecord::inputTokens).sum() : null;
            Integer out = made.stream().allMatch(record -> record.outputTokens() != null) && !made.isEmpty()
                    ? made.stream().mapToInt(RunRecord::outputTokens).sum() : null;
            int hits = (int) made.stream().filter(record -> record.cacheStatus() != null && record.cacheStatus().contains("hit")).count();
            List<String> history = new ArrayList<>(made.stream().map(RunRecord::id).toList());
            history.addAll(childRuns);
            return new StageResult(stage, kind, status, input == null ? null : json(input), outputJson, List.copyOf(repairs), detail, made.size(),
                    hits, in, out, cost, (System.nanoTime() - start) / 1_000_000, history, error, false);
        }
    }

    /** Why a stage failed, in words for its result. */
    private static final class StageFailure extends RuntimeException {
        StageFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The inputs checked against the chain's parameters, defaults filled in. */
    private static Map<String, Object> checkedInputs(Chain chain, Map<String, ?> inputs) throws ArgumentException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> given = new LinkedHashMap<>();
        for (String name : inputs.keySet()) {
            if (chain.getParameters().stream().noneMatch(parameter -> parameter.getName().equals(name))) {
                problems.add(name + ": chain " + chain.getName() + " has no input '" + name + "'");
            }
        }
        for (Parameter parameter : chain.getParameters()) {
            Object value = inputs.get(parameter.getName());
            if (value == null && parameter.getDefault() != null) {
                value = TypedValues.of(parameter.getDefault());
            }
            if (value == null && !inputs.containsKey(parameter.getName()) && !Types.isOptional(parameter.getType())) {
                problems.add(parameter.getName() + ": required input of type " + Types.describe(parameter.getType()) + " is not given");
                continue;
            }
            problems.addAll(TypedValues.problems(parameter.getName(), value, parameter.getType()));
            given.put(parameter.getName(), value);
        }
        if (!problems.isEmpty()) {
            throw new ArgumentException(problems);
        }
        return given;
    }

    /**
     * The stage as written, and the files of the prompts and chains it calls: a stored result is reused on resume only
     * when this is unchanged.
     */
    static String fingerprint(Stage stage) {
        StringBuilder text = new StringBuilder(text(stage));
        for (Invocation call : ChainGraph.invocations(stage.getStep())) {
            if (call.getTarget() != null && call.getTarget().eResource() != null) {
                text.append('\u0000').append(text(call.getTarget()));
            }
        }
        return Execution.sha256(text.toString());
    }


    private static String text(org.eclipse.emf.ecore.EObject object) {
        var node = NodeModelUtils.findActualNodeFor(object);
        return node == null ? "" : NodeModelUtils.getTokenText(node);
    }

    private static List<String> repairsOf(RunRecord record) {
        if (record.repairsJson() == null) {
            return List.of();
        }
        try {
            List<String> found = new ArrayList<>();
            JSON.readTree(record.repairsJson()).forEach(repair -> found.add(repair.asText()));
            return found;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static Object parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return TypedValues.plain(JSON.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new StageFailure("the output is not JSON: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, ?>) map : Map.of();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private PromptRuns runs;
        private ChainStore store;
        private PassageSource passages;
        private ExpectationEvaluator evaluator;
        private Function<Element, String> names;
        private int concurrency = 4;
        private CacheUse cache;

        /** The run path every prompt call goes through. */
        public Builder runs(PromptRuns value) {
            runs = value;
            return this;
        }

        /** Where runs and stage results are kept; without one nothing is kept and runs cannot be resumed. */
        public Builder store(ChainStore value) {
            store = value;
            return this;
        }

        /** What retrieval stages search; without one they fail. */
        public Builder passages(PassageSource value) {
            passages = value;
            return this;
        }

        /** The language's expression evaluator (the workspace's). */
        public Builder evaluator(ExpectationEvaluator value) {
            evaluator = value;
            return this;
        }

        /** Each prompt's and chain's qualified name (the workspace's {@code nameOf}). */
        public Builder names(Function<Element, String> value) {
            names = value;
            return this;
        }

        /** Prompt calls at a time, across stages and map items (default 4). */
        public Builder concurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("concurrency is at least 1");
            }
            concurrency = value;
            return this;
        }

        /** How prompt calls use the cache (null: not at all). */
        public Builder cache(CacheUse value) {
            cache = value;
            return this;
        }

        public ChainRunner build() {
            return new ChainRunner(this);
        }
    }
}
