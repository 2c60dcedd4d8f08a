package io.promptstudio.optimize.internal;

import io.promptstudio.optimize.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Few-shot selection. The demonstrations are the training rows the prompt as written passed, its own answers
 * (DSPy's BootstrapFewShot). The first trial shows the demonstrations nearest the most validation inputs by the
 * in-process embedder; the others, random sets of them (BootstrapFewShotWithRandomSearch). Candidates are scored on
 * the validation split: their demonstrations come from the training rows.
 */
public final class FewShot implements Search {

    private List<Candidate.Demo> pool = List.of();

    @Override
    public void initialize(SearchContext context) {
        pool = context.bootstrapDemos();
    }

    @Override
    public void generation(SearchContext context, int number) {
        if (pool.isEmpty()) {
            return;
        }
        Random random = context.random();
        int count = Math.min(context.settings().demos(), pool.size());
        for (int trial = 1; trial <= context.settings().population() && !context.stopped(); trial++) {
            List<Candidate.Demo> chosen;
            String origin;
            if (number == 1 && trial == 1) {
                chosen = context.nearestDemos(pool, count);
                origin = "nearest " + count + " demonstrations";
            } else {
                List<Candidate.Demo> shuffled = new ArrayList<>(pool);
                java.util.Collections.shuffle(shuffled, random);
                chosen = shuffled.subList(0, count);
                origin = "random " + count + " demonstrations (round " + number + ")";
            }
            context.evaluate(context.start().candidate().withDemos(chosen), origin);
        }
    }

    @Override
    public int initialProposals(int population) {
        return 0;
    }

    @Override
    public int proposalsPerGeneration(int population) {
        return 0;
    }
}
