package io.promptstudio.dsl.chain;

import io.promptstudio.dsl.promptStudio.Branch;
import io.promptstudio.dsl.promptStudio.BranchArm;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.MapStep;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.Refinement;
import io.promptstudio.dsl.promptStudio.Retrieval;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.StageArgument;
import io.promptstudio.dsl.promptStudio.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;

/**
 * The data flow of a chain: which stages each stage reads (its edges), in what order they can run, which stages form a
 * cycle, and which reach the chain's result. What the checker, the executor and the graph export share.
 */
public final class ChainGraph {

    /** The name inside a refinement that is the latest critique. */
    public static final String CRITIQUE = "critique";

    private final Chain chain;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<Stage, Set<Stage>> reads = new LinkedHashMap<>();

    private ChainGraph(Chain chain) {
        this.chain = chain;
        for (Stage stage : chain.getStages()) {
            if (stage.getName() != null) {
                stages.putIfAbsent(stage.getName(), stage);
            }
        }
        for (Stage stage : chain.getStages()) {
            Set<Stage> read = new LinkedHashSet<>();
            for (String name : namesRead(stage)) {
                Stage other = stages.get(name);
                if (other != null && other != stage) {
                    read.add(other);
                }
            }
            reads.put(stage, read);
        }
    }

    public static ChainGraph of(Chain chain) {
        return new ChainGraph(chain);
    }

    public Chain chain() {
        return chain;
    }

    /** The stage of that name, or null. */
    public Stage stage(String name) {
        return stages.get(name);
    }

    /** The stages this stage reads, in the order it first names them: its incoming edges. */
    public Set<Stage> reads(Stage stage) {
        return reads.getOrDefault(stage, Set.of());
    }

    /** The stages the chain's result reads. */
    public Set<Stage> resultReads() {
        Set<Stage> read = new LinkedHashSet<>();
        if (chain.getResult() != null) {
            for (PathExpression path : paths(chain.getResult())) {
                Stage stage = stages.get(path.getHead());
                if (stage != null) {
                    read.add(stage);
                }
            }
        }
        return read;
    }

    /**
     * The names a stage's expressions read (chain inputs, other stages, enum types), except those it binds itself: a
     * map's item variable, a refinement's own name and {@code critique}.
     */
    public static Set<String> namesRead(Stage stage) {
        Set<String> bound = new LinkedHashSet<>();
        Step step = stage.getStep();
        if (step instanceof MapStep map && map.getVariable() != null) {
            bound.add(map.getVariable());
        }
        Set<String> names = new LinkedHashSet<>();
        for (Expression expression : expressions(step)) {
            boolean inLoop = step instanceof Refinement refinement && !EcoreUtil2.isAncestor(refinement.getDraft(), expression);
            for (PathExpression path : paths(expression)) {
                String head = path.getHead();
                if (bound.contains(head) && !(step instanceof MapStep map && EcoreUtil2.isAncestor(map.getList(), path))) {
                    continue;
                }
                if (inLoop && (head.equals(stage.getName()) || head.equals(CRITIQUE))) {
                    continue;
                }
                names.add(head);
            }
        }
        return names;
    }

    /** Every expression a step evaluates: arguments, conditions, the mapped list, the query. */
    public static List<Expression> expressions(Step step) {
        List<Expression> found = new ArrayList<>();
        switch (step) {
            case Invocation invocation -> invocation.getArguments().stream().map(StageArgument::getValue).forEach(found::add);
            case Retrieval retrieval -> found.add(retrieval.getQuery());
            case Branch branch -> {
                for (BranchArm arm : branch.getArms()) {
                    found.add(arm.getCondition());
                    found.addAll(expressions(arm.getCall()));
                }
                found.addAll(expressions(branch.getOtherwise()));
            }
            case MapStep map -> {
                found.add(map.getList());
                found.addAll(expressions(map.getCall()));
            }
            case Refinement refinement -> {
                found.addAll(expressions(refinement.getDraft()));
                found.addAll(expressions(refinement.getCritique()));
                found.addAll(expressions(refinement.getRevision()));
                found.add(refinement.getCondition());
            }
            case null -> {
            }
            default -> {
            }
        }
        found.removeIf(java.util.Objects::isNull);
        return found;
    }

    /** What a stage is, as shown and stored: call, retrieve, branch, map or refine. */
    public static String kind(Stage stage) {
        return switch (stage.getStep()) {
            case Retrieval ignored -> "retrieve";
            case Branch ignored -> "branch";
            case MapStep ignored -> "map";
            case Refinement ignored -> "refine";
            case null, default -> "call";
        };
    }

    /** The prompts and chains a step calls. */
    public static List<Invocation> invocations(Step step) {
        return switch (step) {
            case Invocation invocation -> List.of(invocation);
            case Branch branch -> {
                List<Invocation> calls = new ArrayList<>(branch.getArms().stream().map(BranchArm::getCall).toList());
                if (branch.getOtherwise() != null) {
                    calls.add(branch.getOtherwise());
                }
                calls.removeIf(java.util.Objects::isNull);
                yield calls;
            }
            case MapStep map -> map.getCall() == null ? List.of() : List.of(map.getCall());
            case Refinement refinement -> java.util.stream.Stream.of(refinement.getDraft(), refinement.getCritique(), refinement.getRevision())
                    .filter(java.util.Objects::nonNull).toList();
            case null, default -> List.of();
        };
    }

    static List<PathExpression> paths(EObject expression) {
        if (expression == null) {
            return List.of();
        }
        Set<PathExpression> paths = new LinkedHashSet<>();
        if (expression instanceof PathExpression path) {
            paths.add(path);
        }
        paths.addAll(EcoreUtil2.eAllOfType(expression, PathExpression.class));
        return List.copyOf(paths);
    }

    /** The stages on a cycle of reads (a stage that, through others, reads itself): none of them can ever start. */
    public Set<Stage> cyclic() {
        Set<Stage> onCycle = new LinkedHashSet<>();
        for (Stage start : reads.keySet()) {
            Deque<Stage> todo = new ArrayDeque<>(reads(start));
            Set<Stage> seen = new java.util.HashSet<>();
            while (!todo.isEmpty()) {
                Stage next = todo.pop();
                if (next == start) {
                    onCycle.add(start);
                    break;
                }
                if (seen.add(next)) {
                    todo.addAll(reads(next));
                }
            }
        }
        return onCycle;
    }

    /** The stages whose output reaches the result, directly or through other stages. */
    public Set<Stage> reachingResult() {
        Set<Stage> reached = new LinkedHashSet<>();
        Deque<Stage> todo = new ArrayDeque<>(resultReads());
        while (!todo.isEmpty()) {
            Stage next = todo.pop();
            if (reached.add(next)) {
                todo.addAll(reads(next));
            }
        }
        return reached;
    }

    /**
     * The stages in an order where each comes after every stage it reads (Kahn's algorithm, ties in the order they are
     * written); stages on a cycle are left out.
     */
    public List<Stage> order() {
        Map<Stage, Integer> waiting = new HashMap<>();
        Map<Stage, List<Stage>> readers = new HashMap<>();
        reads.forEach((stage, read) -> {
            waiting.put(stage, read.size());
            read.forEach(source -> readers.computeIfAbsent(source, ignored -> new ArrayList<>()).add(stage));
        });
        // ready stages are taken in the order they are written
        Map<Stage, Integer> written = new HashMap<>();
        List<Stage> all = new ArrayList<>(reads.keySet());
        for (int i = 0; i < all.size(); i++) {
            written.put(all.get(i), i);
        }
        java.util.PriorityQueue<Stage> ready = new java.util.PriorityQueue<>(java.util.Comparator.comparing(written::get));
        waiting.forEach((stage, count) -> {
            if (count == 0) {
                ready.add(stage);
            }
        });
        List<Stage> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            Stage next = ready.poll();
            ordered.add(next);
            for (Stage reader : readers.getOrDefault(next, List.of())) {
                if (waiting.merge(reader, -1, Integer::sum) == 0) {
                    ready.add(reader);
                }
            }
        }
        return ordered;
    }
}
