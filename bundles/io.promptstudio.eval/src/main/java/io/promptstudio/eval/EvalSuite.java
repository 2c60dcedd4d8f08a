package io.promptstudio.eval;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.JudgeScoring;
import io.promptstudio.dsl.promptStudio.Dataset;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.promptStudio.EvalAssertion;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Judgement;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.TypedValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * An {@code eval} of the language, ready to run: its variants (each prompt with each profile), its rows, its
 * assertions and judges, thresholds, budget and pairwise judge.
 *
 * @param repeat how many times each case runs (at least 1)
 * @param threshold the weighted score a case needs to pass
 * @param suiteThreshold the share of cases that must pass for the suite to pass
 * @param budget the dollars the run may spend (null: no limit)
 * @param pairwise the judge that compares two variants' answers to a row, or null
 * @param definition the eval as written, for its {@link #fingerprint()}
 * @param chosenRows the numbers of the rows to run (null: every row), for an optimizer's train, validation and test
 *        splits
 */
public record EvalSuite(String name, List<Variant> variants, Prompt rowsPrompt, Dataset dataset, Path datasetFile,
        List<Assertion> assertions, int repeat, double threshold, double suiteThreshold, BigDecimal budget, Judge pairwise,
        String definition, java.util.Set<Integer> chosenRows) {

    /** One column of the results: a prompt run with a profile (null: the prompt's own). */
    public record Variant(String prompt, String profile) {
        public String label() {
            return profile == null ? prompt : prompt + " @ " + profile;
        }
    }

    /**
     * A named check and its weight; its text is how it was written. Either a {@code condition} on the answer or a
     * {@code judge}'s verdict.
     */
    public record Assertion(String name, Expression condition, Judge judge, double weight, String text) {
    }

    /**
     * A typed prompt that grades: its qualified name, declaration and profile (null: its own), the expressions that
     * give its inputs, and the expression that turns its answer ({@code verdict}) into a score (null: by
     * {@link JudgeScoring}).
     */
    public record Judge(String prompt, Prompt declaration, String profile, Map<String, Expression> arguments, Expression score) {
    }

    public EvalSuite {
        variants = List.copyOf(variants);
        assertions = List.copyOf(assertions);
        chosenRows = chosenRows == null ? null : java.util.Set.copyOf(chosenRows);
    }

    /** The suite of {@code eval}, whose file {@code workspace} has loaded. */
    public static EvalSuite of(LanguageWorkspace workspace, Eval eval) {
        boolean judgesFound = eval.getAssertions().stream().map(EvalAssertion::getJudgement).filter(java.util.Objects::nonNull)
                .allMatch(judgement -> !judgement.getPrompt().eIsProxy() && (judgement.getProfile() == null || !judgement.getProfile().eIsProxy()))
                && (eval.getPairwise() == null || !eval.getPairwise().eIsProxy());
        if (!judgesFound || eval.getPrompts().stream().anyMatch(Prompt::eIsProxy) || eval.getProfiles().stream().anyMatch(Profile::eIsProxy)
                || eval.getDataset() == null || eval.getDataset().eIsProxy() || eval.getDataset().getPrompt() == null
                || eval.getDataset().getPrompt().eIsProxy()) {
            throw new IllegalArgumentException("eval " + eval.getName() + " names a prompt, profile or dataset that cannot be found:"
                    + " fix the file's errors first (an other namespace's names need its import)");
        }
        List<Variant> variants = new ArrayList<>();
        for (Prompt prompt : eval.getPrompts()) {
            if (eval.getProfiles().isEmpty()) {
                variants.add(new Variant(workspace.nameOf(prompt), null));
            }
            for (Profile profile : eval.getProfiles()) {
                variants.add(new Variant(workspace.nameOf(prompt), profile.getName()));
            }
        }
        List<Assertion> assertions = eval.getAssertions().stream().map(assertion -> assertion(workspace, assertion)).toList();
        Dataset dataset = eval.getDataset();
        Path file = dataset.getSource() == null ? null : io.promptstudio.dsl.check.DatasetFiles.resolve(dataset.eResource().getURI(), dataset.getSource());
        Judge pairwise = eval.getPairwise() == null ? null : new Judge(workspace.nameOf(eval.getPairwise()), eval.getPairwise(),
                eval.getPairwiseProfile() == null ? null : eval.getPairwiseProfile().getName(), Map.of(), null);
        return new EvalSuite(eval.getName(), variants, dataset.getPrompt(), dataset, file, assertions, Math.max(1, eval.getRepeat()),
                share(eval.getThreshold()), share(eval.getSuiteThreshold()), eval.getBudget() == null ? null : new BigDecimal(eval.getBudget()),
                pairwise, NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(eval)), null);
    }

    /** The suite run on other variants (prompts of the rows' signature, with profiles), for comparing two versions. */
    public EvalSuite withVariants(List<Variant> others) {
        return new EvalSuite(name, others, rowsPrompt, dataset, datasetFile, assertions, repeat, threshold, suiteThreshold, budget,
                pairwise, definition, chosenRows);
    }

    /** The suite on some of its rows only, by their numbers (from 1, in the dataset's order). */
    public EvalSuite onRows(java.util.Collection<Integer> numbers) {
        return new EvalSuite(name, variants, rowsPrompt, dataset, datasetFile, assertions, repeat, threshold, suiteThreshold, budget,
                pairwise, definition, new java.util.HashSet<>(numbers));
    }

    /** The suite with another repeat count and budget (from the command line). */
    public EvalSuite with(int newRepeat, BigDecimal newBudget) {
        return new EvalSuite(name, variants, rowsPrompt, dataset, datasetFile, assertions, newRepeat, threshold, suiteThreshold, newBudget,
                pairwise, definition, chosenRows);
    }

    private static Assertion assertion(LanguageWorkspace workspace, EvalAssertion assertion) {
        double weight = assertion.getWeight() == null ? 1.0 : Double.parseDouble(assertion.getWeight());
        EObject written = assertion.getJudgement() != null ? assertion.getJudgement() : assertion.getCondition();
        String text = NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(written));
        Judgement judgement = assertion.getJudgement();
        if (judgement == null) {
            return new Assertion(assertion.getName(), assertion.getCondition(), null, weight, text);
        }
        Map<String, Expression> arguments = new LinkedHashMap<>();
        judgement.getArguments().forEach(argument -> arguments.put(argument.getName(), argument.getValue()));
        Judge judge = new Judge(workspace.nameOf(judgement.getPrompt()), judgement.getPrompt(),
                judgement.getProfile() == null ? null : judgement.getProfile().getName(), arguments, judgement.getScore());
        return new Assertion(assertion.getName(), null, judge, weight, text);
    }

    private static double share(String value) {
        return value == null ? 1.0 : Double.parseDouble(value);
    }

    /**
     * A fingerprint of what the suite runs: its rows (the dataset file's bytes, or the inline rows' text) and how the
     * eval is written. A resumed run must have the same, or its old and new cases would not belong together.
     */
    public String fingerprint() throws DatasetException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (datasetFile != null) {
                try (var in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(datasetFile), digest)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            } else {
                digest.update(NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(dataset)).getBytes(StandardCharsets.UTF_8));
            }
            digest.update(definition.getBytes(StandardCharsets.UTF_8));
            variants.forEach(variant -> digest.update(("\n" + variant.label()).getBytes(StandardCharsets.UTF_8)));
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.io.IOException e) {
            throw new DatasetException("cannot read " + datasetFile + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Calls {@code each} with every row (or each chosen row), inline or read from the dataset's file as it goes. */
    public void rows(Consumer<DatasetRow> each) throws DatasetException {
        Consumer<DatasetRow> chosen = chosenRows == null ? each : row -> {
            if (chosenRows.contains(row.number())) {
                each.accept(row);
            }
        };
        if (datasetFile != null) {
            Datasets.read(datasetFile, rowsPrompt, chosen);
            return;
        }
        int number = 0;
        String file = dataset.eResource() == null ? "" : dataset.eResource().getURI().lastSegment();
        for (io.promptstudio.dsl.promptStudio.DatasetRow row : dataset.getRows()) {
            number++;
            int line = NodeModelUtils.findActualNodeFor(row) == null ? 0 : NodeModelUtils.findActualNodeFor(row).getStartLine();
            @SuppressWarnings("unchecked")
            Map<String, Object> inputs = (Map<String, Object>) TypedValues.of(row.getInputs());
            Object expected = row.getExpected() == null ? null : TypedValues.of(row.getExpected());
            chosen.accept(new DatasetRow(number, file + ":" + line, inputs, expected, List.of()));
        }
    }
}
