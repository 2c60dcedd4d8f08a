package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.optimize.CandidateWorkspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * What {@code optimize} and {@code refine} work on, from {@code FILE#PROMPT} and an eval: the prompt file's folder
 * loaded (and free of errors), the prompt's candidate workspace, and the eval's suite; what cannot be found is a
 * usage error naming the command and what there is.
 */
record OptimizationTarget(Path promptFile, CandidateWorkspace candidates, EvalSuite suite, ExpectationEvaluator evaluator) {

    /**
     * @param target {@code FILE#PROMPT}
     * @param evalName {@code EVAL} of the prompt's file, or {@code FILE#EVAL}
     */
    static OptimizationTarget load(String target, String evalName, String command, PrintWriter err) throws IOException {
        int hash = target.indexOf('#');
        if (hash <= 0 || hash == target.length() - 1) {
            throw usage(command, "name the prompt as FILE#PROMPT, e.g. prompts/reviews.pstudio#Classify");
        }
        Path file = Path.of(target.substring(0, hash));
        if (!Files.isRegularFile(file)) {
            throw usage(command, CliPaths.shown(file) + " is not a file");
        }
        LanguageWorkspace workspace = CliPaths.loadWithoutErrors(List.of(file.toAbsolutePath().getParent()), command, err);
        workspace.resources().values().forEach(EcoreUtil::resolveAll);
        Prompt prompt;
        try {
            prompt = workspace.prompt(target.substring(hash + 1));
        } catch (IllegalArgumentException e) {
            throw usage(command, e.getMessage());
        }
        int evalHash = evalName.indexOf('#');
        Path evalFile = evalHash > 0 ? Path.of(evalName.substring(0, evalHash)) : file;
        String name = evalHash > 0 ? evalName.substring(evalHash + 1) : evalName;
        List<Eval> evals = new ArrayList<>();
        for (Path loaded : workspace.resources().keySet()) {
            if (sameFile(loaded, evalFile)) {
                workspace.model(loaded).ifPresent(model -> model.getElements().stream().filter(Eval.class::isInstance).map(Eval.class::cast)
                        .forEach(evals::add));
            }
        }
        Eval eval = evals.stream().filter(each -> each.getName().equals(name)).findFirst().orElseThrow(() -> usage(command, CliPaths.shown(evalFile)
                + " has no eval '" + name + "'" + (evals.isEmpty() ? "" : " (evals: " + String.join(", ", evals.stream().map(Eval::getName).toList())
                + ")")));
        try {
            CandidateWorkspace candidates = new CandidateWorkspace(workspace, prompt);
            return new OptimizationTarget(candidates.promptFile(), candidates, EvalSuite.of(workspace, eval),
                    workspace.languageInjector().getInstance(ExpectationEvaluator.class));
        } catch (IllegalArgumentException e) {
            throw usage(command, e.getMessage());
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()) || Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static CommandFailure usage(String command, String message) {
        return new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + message);
    }
}
