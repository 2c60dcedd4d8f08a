package io.promptstudio.optimize.internal;

import io.promptstudio.optimize.CandidateWorkspace;
import io.promptstudio.optimize.Scored;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * OPRO (Yang et al., 2023): each step shows the best instructions so far with their scores, lowest first (the paper
 * found the best last works best), and examples of the task; it samples {@code population} new instructions and
 * scores them, and they join the trajectory.
 */
public final class Opro implements Search {

    /** The paper's meta-prompt keeps the 20 best instructions. */
    static final int TRAJECTORY = 20;
    static final int EXAMPLES = 3;

    @Override
    public void initialize(SearchContext context) {
        // the trajectory starts from the prompt as written
    }

    @Override
    public void generation(SearchContext context, int number) {
        List<Scored> best = context.scored().stream().sorted(Comparator.comparingDouble(Scored::fitness).reversed()
                .thenComparingInt(Scored::number)).limit(TRAJECTORY).toList();
        StringBuilder trajectory = new StringBuilder();
        for (int i = best.size() - 1; i >= 0; i--) {
            Scored each = best.get(i);
            trajectory.append("text:\n").append(each.candidate().instruction()).append("\nscore:\n").append(Math.round(each.fitness() * 100))
                    .append("\n\n");
        }
        String examples = context.examples(EXAMPLES);
        for (int sample = 1; sample <= context.settings().population() && !context.stopped(); sample++) {
            String proposed = context.propose(CandidateWorkspace.meta("ProposeInstruction"), Map.of("trajectory", trajectory.toString().strip(),
                    "examples", examples, "rules", context.rules(), "sample", sample));
            if (proposed != null) {
                context.evaluate(context.start().candidate().withInstruction(proposed), "OPRO step " + number);
            }
        }
    }

    @Override
    public int initialProposals(int population) {
        return 0;
    }

    @Override
    public int proposalsPerGeneration(int population) {
        return population;
    }
}
