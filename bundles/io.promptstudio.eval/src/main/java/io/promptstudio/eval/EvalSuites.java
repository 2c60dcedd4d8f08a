package io.promptstudio.eval;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.emf.ecore.util.EcoreUtil;

/** Finds the evals of prompt files, and loads one ready to run, for callers that do not hold the language's model. */
public final class EvalSuites {

    private EvalSuites() {
    }

    /** An eval of a prompt file. */
    public record Found(Path file, String name) {
        public String label() {
            return file.getFileName() + "#" + name;
        }
    }

    /** A suite loaded from its saved file, with the evaluator of its assertions and the workspace it was loaded in. */
    public record Loaded(EvalSuite suite, ExpectationEvaluator evaluator, LanguageWorkspace workspace) {
    }

    /** The evals of these prompt files, in file order. */
    public static List<Found> find(List<Path> files) {
        LanguageWorkspace workspace = LanguageWorkspace.load(files);
        return workspace.resources().keySet().stream().sorted().flatMap(file -> workspace.model(file).stream()
                .flatMap(model -> model.getElements().stream()).filter(Eval.class::isInstance)
                .map(eval -> new Found(file, ((Eval) eval).getName()))).toList();
    }

    /**
     * Loads the eval {@code name} of {@code file}, with the prompt files of its folder (those it imports are there), its
     * references resolved so that the runner's threads only read the model.
     *
     * @return empty when the file has no such eval (any more)
     */
    public static Optional<Loaded> load(Path file, String name) throws IOException {
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
        return Optional.of(new Loaded(EvalSuite.of(workspace, eval.get()), workspace.languageInjector().getInstance(ExpectationEvaluator.class),
                workspace));
    }
}
