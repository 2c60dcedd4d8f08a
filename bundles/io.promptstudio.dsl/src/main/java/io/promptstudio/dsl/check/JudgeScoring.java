package io.promptstudio.dsl.check;

import io.promptstudio.dsl.promptStudio.Annotation;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a judge's typed answer becomes a score between 0 and 1, read from its output type so that the checker can say
 * at edit time whether a prompt can judge, and the runner scores by the same rule:
 * <ul>
 * <li>a number field {@code score}: scaled from its {@code @range(low, high)} (without one it must be 0 to 1);</li>
 * <li>else a bool field {@code passed}: 1 or 0;</li>
 * <li>else a list field {@code verdicts} of records with a bool field: the share of true verdicts, or with
 * {@code @ranked} on the field the average precision over the list's order (as RAGAS's context precision).</li>
 * </ul>
 * A field {@code reason} (text), when the type has one, is shown with the score.
 */
public sealed interface JudgeScoring {

    /** The number field {@code score}, scaled from {@code low}..{@code high} to 0..1. */
    record Score(double low, double high) implements JudgeScoring {
        @Override
        public double score(Object answer) {
            Object value = field(answer, "score");
            if (!(value instanceof Number number)) {
                throw new IllegalArgumentException("the judge's score is " + value + ", not a number");
            }
            double scaled = (number.doubleValue() - low) / (high - low);
            if (!(scaled >= 0 && scaled <= 1)) {
                throw new IllegalArgumentException("the judge's score " + number + " is outside " + plain(low) + " to " + plain(high));
            }
            return scaled;
        }
    }

    /** The bool field {@code passed}. */
    record Passed() implements JudgeScoring {
        @Override
        public double score(Object answer) {
            Object value = field(answer, "passed");
            if (!(value instanceof Boolean passed)) {
                throw new IllegalArgumentException("the judge's 'passed' is " + value + ", not true or false");
            }
            return passed ? 1 : 0;
        }
    }

    /** The list field {@code verdicts}, each record's bool field {@code flag}; {@code ranked}: average precision. */
    record Verdicts(String flag, boolean ranked) implements JudgeScoring {
        @Override
        public double score(Object answer) {
            if (!(field(answer, "verdicts") instanceof List<?> verdicts)) {
                throw new IllegalArgumentException("the judge's 'verdicts' is not a list");
            }
            if (verdicts.isEmpty()) {
                throw new IllegalArgumentException("the judge gave no verdicts (nothing to judge: no claims, no contexts)");
            }
            int yes = 0;
            double precisionSum = 0;
            for (int i = 0; i < verdicts.size(); i++) {
                if (!(field(verdicts.get(i), flag) instanceof Boolean verdict)) {
                    throw new IllegalArgumentException("verdict " + (i + 1) + " has no true/false '" + flag + "'");
                }
                if (verdict) {
                    yes++;
                    precisionSum += (double) yes / (i + 1);
                }
            }
            if (!ranked) {
                return (double) yes / verdicts.size();
            }
            return yes == 0 ? 0 : precisionSum / yes;
        }
    }

    /** The score of a judge's answer (its JSON as maps and lists); an answer that does not fit is an exception. */
    double score(Object answer);

    /** The {@code reason} of an answer, or empty. */
    static String reason(Object answer) {
        return field(answer, "reason") instanceof String reason ? reason : "";
    }

    /** How {@code judge}'s answer is scored, or why it cannot judge (the message the checker shows). */
    static Result of(Prompt judge) {
        TypeRef output = judge.getOutput();
        if (!(Types.declaration(Types.unwrapOptional(output)).orElse(null) instanceof RecordType record)) {
            return Result.cannot(judge.getName() + " answers " + Types.describe(output) + ": " + NEEDS);
        }
        Optional<Field> score = field(record, "score");
        if (score.isPresent()) {
            TypeRef type = score.get().getType();
            if (!Types.isPrimitive(type, PrimitiveKind.INT) && !Types.isPrimitive(type, PrimitiveKind.FLOAT)) {
                return Result.cannot(judge.getName() + "'s 'score' is " + Types.describe(type) + ", not a number");
            }
            Annotation range = score.get().getAnnotations().stream().filter(a -> a.getName().equals("range")).findFirst().orElse(null);
            if (range == null) {
                return Result.of(new Score(0, 1));
            }
            if (range.getArguments().size() != 2 || !(range.getArguments().get(0) instanceof NumberLiteral low)
                    || !(range.getArguments().get(1) instanceof NumberLiteral high)
                    || Double.parseDouble(high.getValue()) <= Double.parseDouble(low.getValue())) {
                return Result.cannot(judge.getName() + "'s 'score' needs a @range(low, high) with low below high");
            }
            return Result.of(new Score(Double.parseDouble(low.getValue()), Double.parseDouble(high.getValue())));
        }
        Optional<Field> passed = field(record, "passed");
        if (passed.isPresent()) {
            return Types.isPrimitive(passed.get().getType(), PrimitiveKind.BOOL) ? Result.of(new Passed())
                    : Result.cannot(judge.getName() + "'s 'passed' is " + Types.describe(passed.get().getType()) + ", not bool");
        }
        Optional<Field> verdicts = field(record, "verdicts");
        if (verdicts.isPresent()) {
            TypeRef element = Types.isList(verdicts.get().getType()) ? Types.elementOf(verdicts.get().getType()) : null;
            if (element != null && Types.declaration(element).orElse(null) instanceof RecordType verdict) {
                Optional<Field> flag = verdict.getFields().stream().filter(f -> Types.isPrimitive(f.getType(), PrimitiveKind.BOOL)).findFirst();
                if (flag.isPresent()) {
                    boolean ranked = verdicts.get().getAnnotations().stream().anyMatch(a -> a.getName().equals("ranked"));
                    return Result.of(new Verdicts(flag.get().getName(), ranked));
                }
            }
            return Result.cannot(judge.getName() + "'s 'verdicts' is " + Types.describe(verdicts.get().getType())
                    + ", not a list of records with a bool field");
        }
        return Result.cannot(judge.getName() + " answers " + record.getName() + ": " + NEEDS);
    }

    /** What a judge's answer needs, for messages. */
    String NEEDS = "a judge's answer is a class with a number field 'score' (with a @range), a bool field 'passed', or a list"
            + " field 'verdicts' of records with a bool field; or say how to score it with 'scored'";

    /** A scoring rule, or the reason there is none. */
    record Result(JudgeScoring scoring, String problem) {
        static Result of(JudgeScoring scoring) {
            return new Result(scoring, null);
        }

        static Result cannot(String problem) {
            return new Result(null, problem);
        }
    }

    private static Optional<Field> field(RecordType record, String name) {
        return record.getFields().stream().filter(f -> f.getName().equals(name)).findFirst();
    }

    private static Object field(Object answer, String name) {
        return answer instanceof Map<?, ?> map ? map.get(name) : null;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
