package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.promptStudio.Annotation;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.Literal;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Annotations.Known;
import io.promptstudio.dsl.types.Annotations;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.types.Values;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.eclipse.xtext.validation.Check;

/** Checks field and enum-value annotations: known names, arguments of the right kind, a type they can constrain. */
public class AnnotationValidator extends ComposedValidator {

    @Check
    public void checkFieldAnnotations(Field field) {
        check(field.getAnnotations(), field.getType(), "field '" + field.getName() + "'");
    }

    @Check
    public void checkEnumValueAnnotations(EnumValue value) {
        check(value.getAnnotations(), null, "enum value '" + value.getName() + "'");
    }

    /** {@code type} is null for enum values, which take only annotations marked for them. */
    private void check(List<Annotation> annotations, TypeRef type, String owner) {
        Set<String> seen = new HashSet<>();
        for (Annotation annotation : annotations) {
            Known known = Annotations.KNOWN.get(annotation.getName());
            if (known == null || type == null && !known.onEnumValues()) {
                Set<String> allowed = new TreeSet<>();
                Annotations.KNOWN.values().stream().filter(k -> type != null || k.onEnumValues()).forEach(k -> allowed.add("@" + k.name()));
                error("Unknown annotation '@" + annotation.getName() + "' on " + owner + " (known: " + String.join(", ", allowed) + ")",
                        annotation, Literals.ANNOTATION__NAME, IssueCodes.UNKNOWN_ANNOTATION);
                continue;
            }
            if (!seen.add(known.name())) {
                error("'@" + known.name() + "' is given twice on " + owner, annotation, Literals.ANNOTATION__NAME,
                        IssueCodes.INVALID_ANNOTATION);
                continue;
            }
            String problem = argumentProblem(known, annotation.getArguments());
            if (problem == null && type != null) {
                problem = targetProblem(known, type);
            }
            if (problem != null) {
                error("'@" + known.name() + "' on " + owner + ": " + problem, annotation, Literals.ANNOTATION__NAME,
                        IssueCodes.INVALID_ANNOTATION);
            }
        }
    }

    private static String argumentProblem(Known known, List<Literal> arguments) {
        switch (known.arguments()) {
            case NONE -> {
                return arguments.isEmpty() ? null : "takes no arguments, as in @" + known.name();
            }
            case ONE_STRING -> {
                if (arguments.size() != 1 || !(arguments.get(0) instanceof StringLiteral string)) {
                    return "takes one string, as in @" + known.name() + "(\"…\")";
                }
                if (known.name().equals("pattern")) {
                    try {
                        Pattern.compile(string.getValue());
                    } catch (PatternSyntaxException e) {
                        return "not a valid regular expression: " + e.getDescription() + " at index " + e.getIndex();
                    }
                }
                return null;
            }
            case ONE_WHOLE_NUMBER -> {
                BigDecimal number = arguments.size() == 1 ? Values.number(arguments.get(0)) : null;
                if (number == null || number.signum() < 0 || number.stripTrailingZeros().scale() > 0
                        || ((NumberLiteral) arguments.get(0)).getValue().contains(".")) {
                    return "takes one whole number from 0, as in @" + known.name() + "(3)";
                }
                return null;
            }
            case TWO_NUMBERS -> {
                BigDecimal min = arguments.size() == 2 ? Values.number(arguments.get(0)) : null;
                BigDecimal max = arguments.size() == 2 ? Values.number(arguments.get(1)) : null;
                if (min == null || max == null) {
                    return "takes two numbers, the inclusive minimum and maximum, as in @range(1, 5)";
                }
                return min.compareTo(max) > 0 ? "the minimum " + min.toPlainString() + " is greater than the maximum "
                        + max.toPlainString() : null;
            }
        }
        return null;
    }

    private static String targetProblem(Known known, TypeRef type) {
        TypeRef value = Types.unwrapOptional(type);
        boolean fits = switch (known.target()) {
            case ANY -> true;
            case NUMBER -> Types.isPrimitive(value, PrimitiveKind.INT) || Types.isPrimitive(value, PrimitiveKind.FLOAT);
            case STRING -> Types.isPrimitive(value, PrimitiveKind.STRING);
            case LIST -> Types.isList(value);
        };
        if (fits) {
            return null;
        }
        String needs = switch (known.target()) {
            case NUMBER -> "an int or float field";
            case STRING -> "a string field";
            case LIST -> "a list field";
            case ANY -> "any field";
        };
        return "constrains " + needs + ", but this one is " + Types.describe(type);
    }
}
