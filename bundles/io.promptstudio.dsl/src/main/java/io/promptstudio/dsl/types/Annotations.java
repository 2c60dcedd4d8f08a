package io.promptstudio.dsl.types;

import io.promptstudio.dsl.promptStudio.Annotation;
import io.promptstudio.dsl.promptStudio.Literal;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annotations fields and enum values can carry, what each takes and what it applies to. The checker
 * enforces these rules; the JSON Schema generator and the output parser read the values.
 */
public final class Annotations {

    /** What kind of value an annotation constrains. */
    public enum Target { ANY, NUMBER, STRING, LIST }

    /** What an annotation's arguments are. */
    public enum Arguments { NONE, ONE_STRING, ONE_WHOLE_NUMBER, TWO_NUMBERS }

    /** An annotation the language knows. */
    public record Known(String name, Arguments arguments, Target target, boolean onEnumValues, String meaning) {
    }

    /** Every known annotation by name. */
    public static final Map<String, Known> KNOWN = Map.of(
            "description", new Known("description", Arguments.ONE_STRING, Target.ANY, true, "text the model sees in the schema"),
            "alias", new Known("alias", Arguments.ONE_STRING, Target.ANY, true, "the name the model writes in JSON"),
            "range", new Known("range", Arguments.TWO_NUMBERS, Target.NUMBER, false, "inclusive minimum and maximum"),
            "pattern", new Known("pattern", Arguments.ONE_STRING, Target.STRING, false, "a regular expression the whole text matches"),
            "minLength", new Known("minLength", Arguments.ONE_WHOLE_NUMBER, Target.STRING, false, "fewest characters"),
            "maxLength", new Known("maxLength", Arguments.ONE_WHOLE_NUMBER, Target.STRING, false, "most characters"),
            "minItems", new Known("minItems", Arguments.ONE_WHOLE_NUMBER, Target.LIST, false, "fewest list items"),
            "maxItems", new Known("maxItems", Arguments.ONE_WHOLE_NUMBER, Target.LIST, false, "most list items"),
            "ranked", new Known("ranked", Arguments.NONE, Target.LIST, false, "a judge's verdicts in rank order, scored by average precision"));

    private Annotations() {
    }

    /** The first annotation with this name. */
    public static Optional<Annotation> find(List<Annotation> annotations, String name) {
        return annotations.stream().filter(annotation -> name.equals(annotation.getName())).findFirst();
    }

    /** The string argument of a one-string annotation such as {@code @description("…")}. */
    public static Optional<String> string(List<Annotation> annotations, String name) {
        return find(annotations, name).filter(annotation -> annotation.getArguments().size() == 1)
                .map(annotation -> annotation.getArguments().get(0)).filter(StringLiteral.class::isInstance)
                .map(literal -> ((StringLiteral) literal).getValue());
    }

    /** The number arguments of an annotation, or empty when any is not a number. */
    public static Optional<List<BigDecimal>> numbers(List<Annotation> annotations, String name) {
        return find(annotations, name).map(annotation -> annotation.getArguments().stream().map(Annotations::number).toList())
                .filter(numbers -> numbers.stream().noneMatch(java.util.Objects::isNull));
    }

    private static BigDecimal number(Literal literal) {
        return Values.number(literal);
    }
}
