package io.promptstudio.optimize;

import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.EvalSuites;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an optimization or a refinement works on, loaded from saved files: an eval, the prompt its dataset is for
 * (the one optimized) and the file that prompt is written in (not always the eval's), and the workspace of the
 * folder that candidates are checked in.
 */
public record Subject(Path promptFile, CandidateWorkspace candidates, EvalSuite suite, ExpectationEvaluator evaluator) {

    /**
     * Loads the eval {@code name} of {@code file} with the prompt files of its folder, its references resolved.
     *
     * @return empty when the file has no such eval
     * @throws IllegalArgumentException when the eval names something that cannot be found, or its prompt has no
     *                                  instruction to optimize
     */
    public static Optional<Subject> load(Path file, String name) throws IOException {
        Optional<EvalSuites.Loaded> loaded = EvalSuites.load(file, name);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        EvalSuite suite = loaded.get().suite();
        CandidateWorkspace candidates = new CandidateWorkspace(loaded.get().workspace(), suite.rowsPrompt());
        return Optional.of(new Subject(candidates.promptFile(), candidates, suite, loaded.get().evaluator()));
    }
}
