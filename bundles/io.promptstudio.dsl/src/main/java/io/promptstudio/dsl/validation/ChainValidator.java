package io.promptstudio.dsl.validation;

import com.google.inject.Inject;
import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.chain.ChainTypes;
import io.promptstudio.dsl.promptStudio.Branch;
import io.promptstudio.dsl.promptStudio.BranchArm;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.MapStep;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.Refinement;
import io.promptstudio.dsl.promptStudio.Retrieval;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.StageArgument;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.PassageFields;
import io.promptstudio.dsl.types.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.validation.Check;

/**
 * Chains: every edge is typed (a stage's output must fit the parameter it is given to, the result must fit the chain's
 * output), every name read exists, no stage reads itself through others, every loop has a bound, and stages whose
 * output reaches nothing are pointed out.
 */
public class ChainValidator extends ComposedValidator {

    /** The most rounds a refinement may run and items a map may run at once: past these a typo is likelier than intent. */
    public static final int MAX_ROUNDS = 20;
    public static final int MAX_CONCURRENCY = 64;
    public static final int MAX_TOP = 50;

    @Inject
    private IScopeProvider scopeProvider;

    @Check
    public void checkChain(Chain chain) {
        Set<String> names = new HashSet<>();
        chain.getParameters().forEach(parameter -> names.add(parameter.getName()));
        for (Stage stage : chain.getStages()) {
            if (stage.getName() != null && !names.add(stage.getName())) {
                error("Duplicate name '" + stage.getName() + "': a stage's name must differ from the chain's inputs and other stages", stage,
                        Literals.STAGE__NAME, IssueCodes.DUPLICATE_NAME);
            }
        }
        ChainGraph graph = ChainGraph.of(chain);
        Set<Stage> cyclic = graph.cyclic();
        for (Stage stage : cyclic) {
            error("Stage '" + stage.getName() + "' reads itself through " + String.join(" → ", graph.reads(stage).stream().map(Stage::getName)
                    .toList()) + ": a cycle outside a refine loop never starts", stage, Literals.STAGE__NAME, IssueCodes.CHAIN_CYCLE);
        }
        if (chain.getResult() == null) {
            error("Chain '" + chain.getName() + "' has no 'return': end it with the value it gives, e.g. 'return "
                    + (chain.getStages().isEmpty() ? "…" : chain.getStages().get(chain.getStages().size() - 1).getName()) + "'", chain,
                    Literals.ELEMENT__NAME, IssueCodes.CHAIN_RESULT);
            return;
        }
        Set<Stage> reaching = graph.reachingResult();
        for (Stage stage : chain.getStages()) {
            if (!reaching.contains(stage) && !cyclic.contains(stage)) {
                warning("Stage '" + stage.getName() + "' is unreachable from the result: nothing the chain returns reads it, so it"
                        + " never runs", stage, Literals.STAGE__NAME, IssueCodes.CHAIN_UNREACHABLE);
            }
        }
        Function<String, ChainTypes.Scope> scope = ChainTypes.chainScope(chain);
        checkNames(chain.getResult(), scope);
        TypeRef result = ChainTypes.typeOf(chain.getResult(), scope);
        if (!ChainTypes.fits(result, chain.getOutput())) {
            error("The chain returns " + Types.describe(result) + " where its output is " + Types.describe(chain.getOutput()), chain,
                    Literals.CHAIN__RESULT, IssueCodes.CHAIN_TYPE);
        }
    }

    @Check
    public void checkStage(Stage stage) {
        for (Expression expression : ChainGraph.expressions(stage.getStep())) {
            checkNames(expression, ChainTypes.scope(stage, expression));
        }
        switch (stage.getStep()) {
            case Retrieval retrieval -> checkRetrieval(stage, retrieval);
            case Branch branch -> checkBranch(stage, branch);
            case MapStep map -> checkMap(stage, map);
            case Refinement refinement -> checkRefinement(stage, refinement);
            case null, default -> {
            }
        }
    }

    @Check
    public void checkInvocation(Invocation invocation) {
        Element target = invocation.getTarget();
        if (target == null || target.eIsProxy()) {
            return;
        }
        if (!ChainTypes.callable(target)) {
            error("'" + target.getName() + "' is a " + kind(target) + "; a stage calls a prompt or a chain", invocation,
                    Literals.INVOCATION__TARGET, IssueCodes.CHAIN_TYPE);
            return;
        }
        Chain within = EcoreUtil2.getContainerOfType(invocation, Chain.class);
        if (target == within) {
            error("Chain '" + within.getName() + "' calls itself: a chain may call other chains, and repeats with 'refine'", invocation,
                    Literals.INVOCATION__TARGET, IssueCodes.CHAIN_CYCLE);
            return;
        }
        Stage stage = EcoreUtil2.getContainerOfType(invocation, Stage.class);
        List<Parameter> parameters = ChainTypes.parameters(target);
        Set<String> given = new HashSet<>();
        for (StageArgument argument : invocation.getArguments()) {
            Parameter parameter = parameters.stream().filter(each -> each.getName().equals(argument.getName())).findFirst().orElse(null);
            if (parameter == null) {
                error("'" + target.getName() + "' has no input '" + argument.getName() + "' (inputs: " + String.join(", ",
                        parameters.stream().map(Parameter::getName).toList()) + ")", argument, Literals.STAGE_ARGUMENT__NAME,
                        IssueCodes.CHAIN_TYPE);
                continue;
            }
            if (!given.add(argument.getName())) {
                error("Input '" + argument.getName() + "' is given twice", argument, Literals.STAGE_ARGUMENT__NAME, IssueCodes.DUPLICATE_NAME);
                continue;
            }
            if (stage == null) {
                continue;
            }
            TypeRef type = ChainTypes.typeOf(argument.getValue(), ChainTypes.scope(stage, argument.getValue()));
            if (!ChainTypes.fits(type, parameter.getType())) {
                error("'" + text(argument.getValue()) + "' is " + Types.describe(type) + ", but " + target.getName() + "'s input '"
                        + parameter.getName() + "' is " + Types.describe(parameter.getType()), argument, Literals.STAGE_ARGUMENT__VALUE,
                        IssueCodes.CHAIN_TYPE);
            }
        }
        List<String> missing = parameters.stream().filter(parameter -> !given.contains(parameter.getName()) && parameter.getDefault() == null
                && !Types.isOptional(parameter.getType())).map(Parameter::getName).toList();
        if (!missing.isEmpty()) {
            error("'" + target.getName() + "' needs " + (missing.size() == 1 ? "input " : "inputs ") + String.join(", ", missing.stream()
                    .map(name -> "'" + name + "'").toList()), invocation, Literals.INVOCATION__TARGET, IssueCodes.MISSING_TEST_INPUT);
        }
    }

    private void checkRetrieval(Stage stage, Retrieval retrieval) {
        TypeRef query = ChainTypes.typeOf(retrieval.getQuery(), ChainTypes.scope(stage, retrieval.getQuery()));
        if (query != null && !Types.isPrimitive(Types.unwrapOptional(query), PrimitiveKind.STRING)) {
            error("A retrieval's question is text, not " + Types.describe(query), retrieval, Literals.RETRIEVAL__QUERY, IssueCodes.CHAIN_TYPE);
        }
        if (retrieval.getTop() < 0 || retrieval.getTop() > MAX_TOP) {
            error("'top' is between 1 and " + MAX_TOP, retrieval, Literals.RETRIEVAL__TOP, IssueCodes.SETTING_OUT_OF_RANGE);
        }
        if (retrieval.getType() == null || retrieval.getType().eIsProxy()) {
            return;
        }
        if (!(retrieval.getType() instanceof RecordType record)) {
            error("Passages are records (such as 'class Passage { text: string source: string }'), not " + retrieval.getType().getName(),
                    retrieval, Literals.RETRIEVAL__TYPE, IssueCodes.CHAIN_TYPE);
            return;
        }
        for (Field field : record.getFields()) {
            if (!PassageFields.NAMES.contains(field.getName()) && !Types.isOptional(field.getType())) {
                error(record.getName() + "'s field '" + field.getName() + "' is not something retrieval gives (it gives " + String.join(", ",
                        PassageFields.NAMES) + ")", retrieval, Literals.RETRIEVAL__TYPE, IssueCodes.CHAIN_TYPE);
            }
        }
    }

    private void checkBranch(Stage stage, Branch branch) {
        for (BranchArm arm : branch.getArms()) {
            TypeRef condition = ChainTypes.typeOf(arm.getCondition(), ChainTypes.scope(stage, arm.getCondition()));
            if (!ChainTypes.isCondition(condition)) {
                error("A branch's condition is true or false, not " + Types.describe(condition), arm, Literals.BRANCH_ARM__CONDITION,
                        IssueCodes.CHAIN_TYPE);
            }
        }
        List<String> differing = ChainTypes.differingArmTypes(branch);
        if (!differing.isEmpty()) {
            error("The arms of branch '" + stage.getName() + "' give different types (" + String.join(", ", differing)
                    + "): every arm gives the stage's one output type", stage, Literals.STAGE__NAME, IssueCodes.CHAIN_TYPE);
        }
    }

    private void checkMap(Stage stage, MapStep map) {
        TypeRef list = ChainTypes.typeOf(map.getList(), ChainTypes.scope(stage, map.getList()));
        if (list != null && !(Types.resolve(Types.unwrapOptional(list)) instanceof io.promptstudio.dsl.promptStudio.ListType)) {
            error("'map' goes over a list, and '" + text(map.getList()) + "' is " + Types.describe(list), map, Literals.MAP_STEP__LIST,
                    IssueCodes.CHAIN_TYPE);
        }
        if (map.getConcurrency() < 0 || map.getConcurrency() > MAX_CONCURRENCY) {
            error("'concurrency' is between 1 and " + MAX_CONCURRENCY, map, Literals.MAP_STEP__CONCURRENCY, IssueCodes.SETTING_OUT_OF_RANGE);
        }
    }

    private void checkRefinement(Stage stage, Refinement refinement) {
        if (refinement.getRounds() == 0) {
            error("Loop '" + stage.getName() + "' has no bound: add 'max N' (at most " + MAX_ROUNDS + " rounds) so that it ends even when"
                    + " the critique is never satisfied", refinement, Literals.REFINEMENT__DRAFT, IssueCodes.CHAIN_UNBOUNDED_LOOP);
        } else if (refinement.getRounds() > MAX_ROUNDS) {
            error("'max' is between 1 and " + MAX_ROUNDS, refinement, Literals.REFINEMENT__ROUNDS, IssueCodes.SETTING_OUT_OF_RANGE);
        }
        if (refinement.getCondition() != null) {
            TypeRef condition = ChainTypes.typeOf(refinement.getCondition(), ChainTypes.scope(stage, refinement.getCondition()));
            if (!ChainTypes.isCondition(condition)) {
                error("'until' is true or false, not " + Types.describe(condition), refinement, Literals.REFINEMENT__CONDITION,
                        IssueCodes.CHAIN_TYPE);
            }
        }
        TypeRef draft = ChainTypes.callOutput(refinement.getDraft());
        TypeRef revised = ChainTypes.callOutput(refinement.getRevision());
        if (!ChainTypes.fits(revised, draft)) {
            error("The revision gives " + Types.describe(revised) + " where the draft is " + Types.describe(draft)
                    + ": a revision replaces the draft", refinement, Literals.REFINEMENT__REVISION, IssueCodes.CHAIN_TYPE);
        }
    }

    /** Every path names something in scope, then existing fields; a name nothing declares may be an enum value. */
    private void checkNames(Expression expression, Function<String, ChainTypes.Scope> scope) {
        Set<PathExpression> paths = new java.util.LinkedHashSet<>();
        if (expression instanceof PathExpression path) {
            paths.add(path);
        }
        paths.addAll(EcoreUtil2.eAllOfType(expression, PathExpression.class));
        for (PathExpression path : paths) {
            ChainTypes.Scope found = scope.apply(path.getHead());
            if (found == null) {
                checkEnumValue(path);
                continue;
            }
            checkMembers(path, found.type());
        }
    }

    private void checkEnumValue(PathExpression path) {
        if (checkedAsEnumValue(path, scopeProvider)) {
            return;
        }
        Chain chain = EcoreUtil2.getContainerOfType(path, Chain.class);
        Set<String> known = new TreeSet<>();
        chain.getParameters().forEach(parameter -> known.add(parameter.getName()));
        chain.getStages().forEach(stage -> known.add(stage.getName()));
        error("Unknown name '" + path.getHead() + "': a stage reads the chain's inputs and other stages (" + String.join(", ", known)
                + ") and enum values", path, Literals.PATH_EXPRESSION__HEAD, IssueCodes.UNKNOWN_VARIABLE);
    }

    private static String kind(Element element) {
        return element.eClass().getName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).replace("test case", "test")
                .replace("record type", "class").replace("enum type", "enum").replace("type alias", "type");
    }

    private static String text(EObject object) {
        var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(object);
        return node == null ? "?" : org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(node);
    }
}
