package io.promptstudio.dsl.validation;

import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.CallExpression;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.promptStudio.Judgement;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeRef;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.validation.Check;

/**
 * Checks the {@code expect} block of tests and the {@code assert} block of evals: paths into {@code output} (and, in an
 * eval, {@code expected} and the run's measures) and the inputs exist, functions are known.
 */
public class ExpectationValidator extends ComposedValidator {

    @Inject
    private IScopeProvider scopeProvider;

    /** The functions assertions can call, with their number of arguments. */
    public static final Map<String, Integer> FUNCTIONS = Map.of("contains", 2, "matches", 2, "length", 1,
            "startsWith", 2, "endsWith", 2);

    /** The scores only an eval's assertions can call (between 0 and 1), with their number of arguments. */
    public static final Map<String, Integer> EVAL_FUNCTIONS = Map.of("similarity", 2, "rougeL", 2, "bleu", 2, "semanticSimilarity", 2,
            "meanSimilarity", 2, "jsonSchemaValid", 2);

    /** The function whose second argument names a JSON Schema file beside the prompt file. */
    public static final String JSON_SCHEMA_VALID = "jsonSchemaValid";

    /** The numbers an eval's assertions can use besides the answer, the inputs and {@code expected}. */
    public static final Map<String, String> MEASURES = Map.of("latencyMs", "the run's time in milliseconds", "cost",
            "the run's cost in dollars", "outputTokens", "the answer's tokens");

    @Check
    public void checkFunction(CallExpression call) {
        Map<String, Integer> known = new java.util.HashMap<>(FUNCTIONS);
        if (EcoreUtil2.getContainerOfType(call, Eval.class) != null) {
            known.putAll(EVAL_FUNCTIONS);
        }
        Integer arity = known.get(call.getFunction());
        if (arity == null) {
            error("Unknown function '" + call.getFunction() + "' (known: " + String.join(", ", new TreeSet<>(known.keySet())) + ")",
                    call, Literals.CALL_EXPRESSION__FUNCTION, IssueCodes.UNKNOWN_FUNCTION);
        } else if (call.getArguments().size() != arity) {
            error("'" + call.getFunction() + "' takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", given "
                    + call.getArguments().size(), call, Literals.CALL_EXPRESSION__FUNCTION, IssueCodes.UNKNOWN_FUNCTION);
        }
    }

    /**
     * {@code jsonSchemaValid(value, "file.schema.json")}: the file is named by a string, exists beside the prompt file and
     * holds a JSON Schema (an object, or {@code true}/{@code false}), so that a case is never scored against a schema
     * that is not there.
     */
    @Check
    public void checkSchemaFile(CallExpression call) {
        if (!JSON_SCHEMA_VALID.equals(call.getFunction()) || call.getArguments().size() != 2) {
            return;
        }
        io.promptstudio.dsl.promptStudio.Expression named = call.getArguments().get(1);
        if (!(named instanceof io.promptstudio.dsl.promptStudio.LiteralExpression literal
                && literal.getLiteral() instanceof io.promptstudio.dsl.promptStudio.StringLiteral path)) {
            error("jsonSchemaValid's second argument is the path of a JSON Schema file beside the prompt file, in quotes", named, null,
                    IssueCodes.SCHEMA_FILE);
            return;
        }
        java.nio.file.Path file = io.promptstudio.dsl.check.DatasetFiles.resolve(call.eResource().getURI(), path.getValue());
        if (file == null) {
            return;
        }
        String problem = io.promptstudio.dsl.check.SchemaFiles.problem(file);
        if (problem != null) {
            error(problem, named, null, IssueCodes.SCHEMA_FILE);
        }
    }

    /** {@code Priority.HIGH} in an expectation names an enum value; anything else unknown is an error. */
    private void checkEnumValue(PathExpression path, Prompt prompt) {
        if (checkedAsEnumValue(path, scopeProvider)) {
            return;
        }
        boolean inEval = EcoreUtil2.getContainerOfType(path, Eval.class) != null;
        error("Unknown name '" + path.getHead() + "': " + (inEval ? "an assertion can use 'output', 'expected', "
                + String.join(", ", new TreeSet<>(MEASURES.keySet()).stream().map(name -> "'" + name + "'").toList()) + ", the inputs of prompt "
                : "an expectation can use 'output', the inputs of prompt ") + prompt.getName() + " and enum values", path,
                Literals.PATH_EXPRESSION__HEAD, IssueCodes.UNKNOWN_VARIABLE);
    }

    @Check
    public void checkPath(PathExpression path) {
        TestCase test = EcoreUtil2.getContainerOfType(path, TestCase.class);
        Eval eval = EcoreUtil2.getContainerOfType(path, Eval.class);
        Prompt prompt = test != null ? test.getPrompt() : eval == null || eval.getPrompts().isEmpty() ? null : eval.getPrompts().get(0);
        if (prompt == null || prompt.eIsProxy()) {
            return;
        }
        TypeRef type;
        Judgement judgement = EcoreUtil2.getContainerOfType(path, Judgement.class);
        if (judgement != null && path.getHead().equals("verdict") && EcoreUtil2.isAncestor(judgement.getScore(), path)) {
            if (judgement.getPrompt() == null || judgement.getPrompt().eIsProxy()) {
                return;
            }
            type = judgement.getPrompt().getOutput();
        } else if (path.getHead().equals("output") || eval != null && path.getHead().equals("expected")) {
            type = prompt.getOutput();
        } else if (eval != null && MEASURES.containsKey(path.getHead())) {
            if (!path.getSegments().isEmpty()) {
                error("'" + path.getHead() + "' is a number, which has no field '" + path.getSegments().get(0) + "'", path,
                        Literals.PATH_EXPRESSION__SEGMENTS, 0, IssueCodes.UNKNOWN_MEMBER);
            }
            return;
        } else {
            Parameter parameter = prompt.getParameters().stream().filter(p -> p.getName().equals(path.getHead())).findFirst().orElse(null);
            if (parameter == null) {
                checkEnumValue(path, prompt);
                return;
            }
            type = parameter.getType();
        }
        checkMembers(path, type);
    }
}
