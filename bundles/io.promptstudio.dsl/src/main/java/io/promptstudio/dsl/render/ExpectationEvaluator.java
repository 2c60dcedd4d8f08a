package io.promptstudio.dsl.render;

import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.BinaryExpression;
import io.promptstudio.dsl.promptStudio.CallExpression;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.LiteralExpression;
import io.promptstudio.dsl.promptStudio.NotExpression;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.scoping.IScopeProvider;

/**
 * Decides a test's expectations on a run's typed output. Each expectation is an expression over {@code output},
 * the test's inputs and enum values; it holds when it is true (or, for a non-boolean value, non-empty). A failed
 * expectation is reported with its text and the values of the paths in it, so the reader sees why.
 */
public class ExpectationEvaluator {

    @Inject
    private IScopeProvider scopes;

    /** One expectation that does not hold: its text as written, and what its paths were. */
    public record Failure(String expectation, Map<String, Object> values) {
        @Override
        public String toString() {
            return expectation + (values.isEmpty() ? "" : " — " + String.join(", ", values.entrySet().stream()
                    .map(entry -> entry.getKey() + " was " + TypedValues.describe(entry.getValue())).toList()));
        }
    }

    /** The expectations of the test that do not hold for this output (plain values, as {@link TypedValues} describes). */
    public List<Failure> failures(TestCase test, Object output, Map<String, Object> inputs) {
        Map<String, Object> variables = new LinkedHashMap<>(inputs);
        variables.put("output", output);
        List<Failure> failures = new ArrayList<>();
        for (Expression expectation : test.getAssertions()) {
            Map<String, Object> seen = new LinkedHashMap<>();
            Object result;
            try {
                result = value(expectation, variables, seen);
            } catch (IllegalArgumentException e) {
                seen.put("error", e.getMessage());
                result = false;
            }
            if (!truthy(result)) {
                failures.add(new Failure(NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(expectation)), seen));
            }
        }
        return failures;
    }

    /**
     * One expression's value (an eval's assertion) for these variables, with the values of the paths it read; {@code
     * functions} adds functions to the language's own (an eval's scores).
     */
    public Outcome evaluate(Expression expression, Map<String, Object> variables, Map<String, Function<List<Object>, Object>> functions) {
        Map<String, Object> seen = new LinkedHashMap<>();
        try {
            return new Outcome(value(expression, variables, seen, functions), seen, null);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, seen, e.getMessage());
        }
    }

    /** What an expression gave: its value, the values of its paths, or why it could not be decided. */
    public record Outcome(Object value, Map<String, Object> seen, String error) {
        /** Whether the value counts as true: true, a non-empty text or list, any other non-null value. */
        public boolean holds() {
            return error == null && truthy(value);
        }
    }

    private Object value(Expression expression, Map<String, Object> variables, Map<String, Object> seen) {
        return value(expression, variables, seen, Map.of());
    }

    private Object value(Expression expression, Map<String, Object> variables, Map<String, Object> seen,
            Map<String, Function<List<Object>, Object>> functions) {
        return switch (expression) {
            case LiteralExpression literal -> TypedValues.of(literal.getLiteral());
            case PathExpression path -> path(path, variables, seen);
            case NotExpression not -> !truthy(value(not.getOperand(), variables, seen, functions));
            case CallExpression call -> call(call, variables, seen, functions);
            case BinaryExpression binary -> binary(binary, variables, seen, functions);
            default -> throw new IllegalArgumentException("cannot evaluate " + expression.eClass().getName());
        };
    }

    private Object path(PathExpression path, Map<String, Object> variables, Map<String, Object> seen) {
        String text = path.getHead() + (path.getSegments().isEmpty() ? "" : "." + String.join(".", path.getSegments()));
        if (!variables.containsKey(path.getHead())) {
            return enumValue(path);
        }
        Object value = variables.get(path.getHead());
        for (String segment : path.getSegments()) {
            value = value instanceof Map<?, ?> map ? map.get(segment) : null;
        }
        seen.put(text, value);
        return value;
    }

    /** {@code Priority.HIGH}: the value's JSON name, which is what the output holds. */
    private Object enumValue(PathExpression path) {
        var found = scopes.getScope(path, Literals.NAMED_TYPE__TYPE).getSingleElement(QualifiedName.create(path.getHead()));
        EObject declaration = found == null ? null : EcoreUtil.resolve(found.getEObjectOrProxy(), path);
        if (declaration instanceof EnumType enumType && path.getSegments().size() == 1) {
            return enumType.getValues().stream().filter(value -> value.getName().equals(path.getSegments().get(0))).findFirst()
                    .map(JsonSchemaGenerator::wireName).orElseThrow(() -> new IllegalArgumentException("no enum value " + path.getSegments()));
        }
        throw new IllegalArgumentException("unknown name " + path.getHead());
    }

    private Object call(CallExpression call, Map<String, Object> variables, Map<String, Object> seen,
            Map<String, Function<List<Object>, Object>> functions) {
        List<Object> arguments = call.getArguments().stream().map(argument -> value(argument, variables, seen, functions)).toList();
        Function<List<Object>, Object> added = functions.get(call.getFunction());
        if (added != null) {
            return added.apply(arguments);
        }
        Object first = arguments.isEmpty() ? null : arguments.get(0);
        Object second = arguments.size() < 2 ? null : arguments.get(1);
        return switch (call.getFunction()) {
            case "length" -> (long) (first instanceof Collection<?> c ? c.size() : first instanceof Map<?, ?> m ? m.size()
                    : first == null ? 0 : String.valueOf(first).codePointCount(0, String.valueOf(first).length()));
            case "contains" -> first instanceof Collection<?> c ? c.stream().anyMatch(item -> same(item, second))
                    : first != null && second != null && String.valueOf(first).contains(String.valueOf(second));
            case "matches" -> first != null && second != null && Pattern.compile(String.valueOf(second)).matcher(String.valueOf(first)).find();
            case "startsWith" -> first != null && second != null && String.valueOf(first).startsWith(String.valueOf(second));
            case "endsWith" -> first != null && second != null && String.valueOf(first).endsWith(String.valueOf(second));
            default -> throw new IllegalArgumentException("unknown function " + call.getFunction());
        };
    }

    private Object binary(BinaryExpression binary, Map<String, Object> variables, Map<String, Object> seen,
            Map<String, Function<List<Object>, Object>> functions) {
        String operator = binary.getOperator();
        if (operator.equals("and")) {
            return truthy(value(binary.getLeft(), variables, seen, functions)) && truthy(value(binary.getRight(), variables, seen, functions));
        }
        if (operator.equals("or")) {
            return truthy(value(binary.getLeft(), variables, seen, functions)) || truthy(value(binary.getRight(), variables, seen, functions));
        }
        Object left = value(binary.getLeft(), variables, seen, functions);
        Object right = value(binary.getRight(), variables, seen, functions);
        return switch (operator) {
            case "==" -> same(left, right);
            case "!=" -> !same(left, right);
            default -> {
                int order = compare(left, right);
                yield switch (operator) {
                    case "<" -> order < 0;
                    case "<=" -> order <= 0;
                    case ">" -> order > 0;
                    default -> order >= 0;
                };
            }
        };
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        throw new IllegalArgumentException("cannot order " + TypedValues.describe(a) + " and " + TypedValues.describe(b));
    }

    private static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean bool -> bool;
            case String text -> !text.isEmpty();
            case Collection<?> collection -> !collection.isEmpty();
            default -> true;
        };
    }
}
