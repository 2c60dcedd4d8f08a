package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.check.DatasetFiles;
import io.promptstudio.dsl.check.JudgeScoring;
import io.promptstudio.dsl.promptStudio.Dataset;
import io.promptstudio.dsl.promptStudio.DatasetRow;
import io.promptstudio.dsl.promptStudio.Entry;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.promptStudio.EvalAssertion;
import io.promptstudio.dsl.promptStudio.JudgeArgument;
import io.promptstudio.dsl.promptStudio.Judgement;
import io.promptstudio.dsl.promptStudio.ObjectValue;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.types.Values;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.xtext.validation.Check;

/**
 * Checks datasets and evals: every inline row gives each required input of its prompt, no unknown input, and values
 * of the parameters' types, and its expected answer is of the output type (an object may give part of its fields); a dataset file exists and is JSONL or
 * CSV (its rows are checked as they are read, by {@code promptstudio check} and the eval runner); an eval's prompts
 * take the dataset's inputs, and its numbers are in range.
 */
public class EvalValidator extends ComposedValidator {

    @Check
    public void checkRows(Dataset dataset) {
        Prompt prompt = dataset.getPrompt();
        if (prompt == null || prompt.eIsProxy()) {
            return;
        }
        for (DatasetRow row : dataset.getRows()) {
            Set<String> given = new HashSet<>();
            for (Entry entry : row.getInputs().getEntries()) {
                String key = entry.getKey();
                Parameter parameter = prompt.getParameters().stream().filter(p -> p.getName().equals(key)).findFirst().orElse(null);
                if (parameter == null) {
                    error("Prompt " + prompt.getName() + " has no input '" + key + "' (inputs: " + String.join(", ",
                            prompt.getParameters().stream().map(Parameter::getName).toList()) + ")", entry, Literals.ENTRY__KEY,
                            IssueCodes.UNKNOWN_DATASET_COLUMN);
                    continue;
                }
                given.add(key);
                Values.mismatch(entry.getValue(), parameter.getType()).ifPresent(problem -> error("Input '" + key + "': " + problem,
                        entry, Literals.ENTRY__VALUE, IssueCodes.TYPE_MISMATCH));
            }
            List<String> missing = prompt.getParameters().stream()
                    .filter(p -> !given.contains(p.getName()) && p.getDefault() == null && !Types.isOptional(p.getType()))
                    .map(Parameter::getName).toList();
            if (!missing.isEmpty()) {
                error("The row does not give the required input" + (missing.size() > 1 ? "s " : " ") + String.join(", ",
                        missing.stream().map(name -> "'" + name + "'").toList()) + " of prompt " + prompt.getName(), row,
                        Literals.DATASET_ROW__INPUTS, IssueCodes.MISSING_TEST_INPUT);
            }
            if (row.getExpected() != null) {
                expectedProblem(row.getExpected(), prompt).ifPresent(problem -> error("Expected answer: " + problem, row,
                        Literals.DATASET_ROW__EXPECTED, IssueCodes.TYPE_MISMATCH));
            }
        }
    }

    /**
     * What is wrong with an expected answer: of the output's type, except that an object may give only the fields the
     * assertions compare (an expected label without its confidence).
     */
    private static java.util.Optional<String> expectedProblem(io.promptstudio.dsl.promptStudio.Value expected, Prompt prompt) {
        TypeRef output = prompt.getOutput();
        if (expected instanceof ObjectValue object && Types.hasMembers(output)) {
            for (Entry entry : object.getEntries()) {
                var field = Types.member(output, entry.getKey());
                if (field.isEmpty()) {
                    return java.util.Optional.of(Types.describe(output) + " has no field '" + entry.getKey() + "' (fields: "
                            + String.join(", ", Types.memberNames(output)) + ")");
                }
                var problem = Values.mismatch(entry.getValue(), field.get());
                if (problem.isPresent()) {
                    return java.util.Optional.of("'" + entry.getKey() + "': " + problem.get());
                }
            }
            return java.util.Optional.empty();
        }
        return Values.mismatch(expected, output);
    }

    @Check
    public void checkSource(Dataset dataset) {
        String source = dataset.getSource();
        if (source == null) {
            return;
        }
        String lower = source.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".jsonl") && !lower.endsWith(".csv") && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
            error("A dataset file is JSONL (.jsonl), CSV (.csv) or YAML (.yaml), not '" + source + "'", dataset, Literals.DATASET__SOURCE,
                    IssueCodes.DATASET_FILE);
            return;
        }
        Path file = DatasetFiles.resolve(dataset.eResource() == null ? null : dataset.eResource().getURI(), source);
        if (file != null && !Files.isRegularFile(file)) {
            error("No dataset file " + file, dataset, Literals.DATASET__SOURCE, IssueCodes.DATASET_FILE);
        }
    }

    @Check
    public void checkEval(Eval eval) {
        Dataset dataset = eval.getDataset();
        Prompt rowsOf = dataset == null || dataset.eIsProxy() ? null : dataset.getPrompt();
        if (rowsOf != null && !rowsOf.eIsProxy()) {
            for (int i = 0; i < eval.getPrompts().size(); i++) {
                Prompt prompt = eval.getPrompts().get(i);
                if (prompt.eIsProxy() || prompt == rowsOf) {
                    continue;
                }
                String difference = signatureDifference(rowsOf, prompt);
                if (difference != null) {
                    error("Prompt " + prompt.getName() + " cannot run dataset " + dataset.getName() + " (made for "
                            + rowsOf.getName() + "): " + difference, eval, Literals.EVAL__PROMPTS, i, IssueCodes.TYPE_MISMATCH);
                }
            }
        }
        if (eval.getRepeat() != 0 && (eval.getRepeat() < 1 || eval.getRepeat() > DatasetFiles.MAX_REPEAT)) {
            error("'repeat' is between 1 and " + DatasetFiles.MAX_REPEAT, eval, Literals.EVAL__REPEAT, IssueCodes.SETTING_OUT_OF_RANGE);
        }
        checkShare(eval, eval.getThreshold(), Literals.EVAL__THRESHOLD, "threshold");
        checkShare(eval, eval.getSuiteThreshold(), Literals.EVAL__SUITE_THRESHOLD, "suite");
        if (eval.getBudget() != null && new BigDecimal(eval.getBudget()).signum() <= 0) {
            error("'budget' is an amount in dollars above 0, not " + eval.getBudget(), eval, Literals.EVAL__BUDGET,
                    IssueCodes.SETTING_OUT_OF_RANGE);
        }
        if (eval.getAssertions().isEmpty()) {
            error("Eval " + eval.getName() + " has no assertion: say in 'assert { … }' what a good answer is", eval, Literals.ELEMENT__NAME,
                    IssueCodes.MISSING_TEST_INPUT);
        }
        Set<String> names = new HashSet<>();
        for (EvalAssertion assertion : eval.getAssertions()) {
            if (!names.add(assertion.getName())) {
                error("Duplicate assertion '" + assertion.getName() + "'", assertion, Literals.EVAL_ASSERTION__NAME, IssueCodes.DUPLICATE_NAME);
            }
            if (assertion.getWeight() != null && new BigDecimal(assertion.getWeight()).signum() <= 0) {
                error("A weight is more than 0", assertion, Literals.EVAL_ASSERTION__WEIGHT, IssueCodes.SETTING_OUT_OF_RANGE);
            }
        }
    }

    /**
     * A judge's arguments are its parameters, each given once, every required one given; its answer can be scored
     * (or {@code scored} says how).
     */
    @Check
    public void checkJudgement(Judgement judgement) {
        Prompt judge = judgement.getPrompt();
        if (judge == null || judge.eIsProxy()) {
            return;
        }
        Set<String> given = new HashSet<>();
        for (int i = 0; i < judgement.getArguments().size(); i++) {
            JudgeArgument argument = judgement.getArguments().get(i);
            if (judge.getParameters().stream().noneMatch(p -> p.getName().equals(argument.getName()))) {
                error("Judge " + judge.getName() + " has no input '" + argument.getName() + "' (inputs: " + String.join(", ",
                        judge.getParameters().stream().map(Parameter::getName).toList()) + ")", argument, Literals.JUDGE_ARGUMENT__NAME,
                        IssueCodes.JUDGE);
            } else if (!given.add(argument.getName())) {
                error("Input '" + argument.getName() + "' is given twice", argument, Literals.JUDGE_ARGUMENT__NAME, IssueCodes.JUDGE);
            }
        }
        List<String> missing = judge.getParameters().stream()
                .filter(p -> !given.contains(p.getName()) && p.getDefault() == null && !Types.isOptional(p.getType()))
                .map(Parameter::getName).toList();
        if (!missing.isEmpty()) {
            error("Judge " + judge.getName() + " needs the input" + (missing.size() > 1 ? "s " : " ") + String.join(", ",
                    missing.stream().map(name -> "'" + name + "'").toList()), judgement, Literals.JUDGEMENT__PROMPT, IssueCodes.JUDGE);
        }
        if (judgement.getScore() == null) {
            JudgeScoring.Result scoring = JudgeScoring.of(judge);
            if (scoring.problem() != null) {
                error("Cannot score " + scoring.problem(), judgement, Literals.JUDGEMENT__PROMPT, IssueCodes.JUDGE);
            }
        }
    }

    /**
     * A pairwise judge takes the two answers as {@code first} and {@code second} (text), optionally {@code inputs}
     * (the row's inputs as JSON) and any of the rows' inputs by name, and answers a record whose field {@code better}
     * says {@code first}, {@code second} or {@code tie}.
     */
    @Check
    public void checkPairwise(Eval eval) {
        Prompt judge = eval.getPairwise();
        if (judge == null || judge.eIsProxy()) {
            return;
        }
        Prompt rowsOf = eval.getDataset() == null || eval.getDataset().eIsProxy() ? null : eval.getDataset().getPrompt();
        for (String needed : List.of("first", "second")) {
            if (judge.getParameters().stream().noneMatch(p -> p.getName().equals(needed))) {
                error("A pairwise judge takes the two answers as 'first' and 'second': " + judge.getName() + " has no '" + needed + "'",
                        eval, Literals.EVAL__PAIRWISE, IssueCodes.JUDGE);
                return;
            }
        }
        for (Parameter parameter : judge.getParameters()) {
            String name = parameter.getName();
            boolean given = name.equals("first") || name.equals("second") || name.equals("inputs") || rowsOf == null || rowsOf.eIsProxy()
                    || rowsOf.getParameters().stream().anyMatch(p -> p.getName().equals(name));
            if (!given && parameter.getDefault() == null && !Types.isOptional(parameter.getType())) {
                error("Pairwise judge " + judge.getName() + " needs '" + name + "', which is not an input of the rows", eval,
                        Literals.EVAL__PAIRWISE, IssueCodes.JUDGE);
            }
        }
        TypeRef better = Types.hasMembers(judge.getOutput()) ? Types.member(judge.getOutput(), "better").orElse(null) : null;
        if (better == null) {
            error("A pairwise judge answers a class with a field 'better' (\"first\" | \"second\" | \"tie\", or an enum FIRST, SECOND,"
                    + " TIE): " + judge.getName() + " answers " + Types.describe(judge.getOutput()), eval, Literals.EVAL__PAIRWISE,
                    IssueCodes.JUDGE);
        }
    }

    private void checkShare(Eval eval, String value, org.eclipse.emf.ecore.EAttribute feature, String keyword) {
        if (value == null) {
            return;
        }
        BigDecimal share = new BigDecimal(value);
        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
            error("'" + keyword + "' is a share between 0 and 1, not " + value, eval, feature, IssueCodes.SETTING_OUT_OF_RANGE);
        }
    }

    /** Why {@code other} cannot take the inputs of {@code rowsOf}'s rows, or null when it can. */
    private static String signatureDifference(Prompt rowsOf, Prompt other) {
        for (Parameter parameter : other.getParameters()) {
            Parameter same = rowsOf.getParameters().stream().filter(p -> p.getName().equals(parameter.getName())).findFirst().orElse(null);
            boolean required = parameter.getDefault() == null && !Types.isOptional(parameter.getType());
            if (same == null && required) {
                return "it needs the input '" + parameter.getName() + "', which the rows do not have";
            }
            if (same != null && !Types.describe(same.getType()).equals(Types.describe(parameter.getType()))) {
                return "its input '" + parameter.getName() + "' is " + Types.describe(parameter.getType()) + ", the rows' is "
                        + Types.describe(same.getType());
            }
        }
        for (Parameter parameter : rowsOf.getParameters()) {
            if (other.getParameters().stream().noneMatch(p -> p.getName().equals(parameter.getName()))) {
                return "it has no input '" + parameter.getName() + "'";
            }
        }
        return null;
    }
}
