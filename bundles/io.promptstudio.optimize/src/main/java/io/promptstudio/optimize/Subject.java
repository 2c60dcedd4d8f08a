package io.promptstudio.optimize;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.EvalSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * What an optimization or a refinement works on, loaded from saved files: an eval, the prompt its dataset is for
 * (the one optimized), and the workspace of the file's folder that candidates are checked in.
 */
public record Subject(Path file, CandidateWorkspace candidates, EvalSuite suite, ExpectationEvaluator evaluator) {

    /**
     * Loads the eval {@code name} of {@code file} with the prompt files of its folder, its references resolved.
     *
     * @return empty when the file has no such eval
     * @throws IllegalArgumentException when the eval names something that cannot be found, or its prompt has no
     *                                  instruction to optimize
     */
    public static Optional<Subject> load(Path file, String name) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(file.toAbsolutePath().getParent())) {
            files = listed.filter(each -> each.toString().endsWith(".pstudio")).toList();
        }
        LanguageWorkspace workspace = LanguageWorkspace.load(files);
        Optional<Eval> eval = workspace.model(file.toAbsolutePath()).stream().flatMap(model -> model.getElements().stream())
                .filter(Eval.class::isInstance).map(Eval.class::cast).filter(each -> each.getName().equals(name)).findFirst();
        if (eval.isEmpty()) {
            return Optional.empty();
        }
        workspace.resources().values().forEach(EcoreUtil::resolveAll);
        EvalSuite suite = EvalSuite.of(workspace, eval.get());
        CandidateWorkspace candidates = new CandidateWorkspace(workspace, suite.rowsPrompt());
        return Optional.of(new Subject(file.toAbsolutePath(), candidates, suite, workspace.languageInjector().getInstance(ExpectationEvaluator.class)));
    }
}
