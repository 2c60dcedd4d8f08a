package io.promptstudio.optimize.internal;

import io.promptstudio.optimize.CandidateWorkspace;
import io.promptstudio.optimize.OptimizeSettings;
import io.promptstudio.optimize.Scored;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * EvoPrompt (Guo et al., 2023). The population starts as the prompt as written and paraphrases of it. The genetic
 * algorithm has each child bred by the model from two parents (crossover, then mutation) and keeps the best of
 * parents and children; differential evolution mutates each member by the difference of two others applied to the
 * best, and keeps the trial only if it scores at least as well.
 */
public final class Evolution implements Search {

    private final boolean differential;
    private List<Scored> population = new ArrayList<>();

    public Evolution(boolean differential) {
        this.differential = differential;
    }

    @Override
    public void initialize(SearchContext context) {
        population = new ArrayList<>(List.of(context.start()));
        String instruction = context.start().candidate().instruction();
        for (int sample = 1; sample < context.settings().population() && !context.stopped(); sample++) {
            String proposed = context.propose(CandidateWorkspace.meta("Paraphrase"), Map.of("instruction", instruction, "rules", context.rules(),
                    "sample", sample));
            Scored scored = proposed == null ? null : context.evaluate(context.start().candidate().withInstruction(proposed), "paraphrase of #0");
            if (scored != null && scored.valid() && population.stream().noneMatch(member -> member.number() == scored.number())) {
                population.add(scored);
            }
        }
    }

    @Override
    public void generation(SearchContext context, int number) {
        if (differential) {
            differentialStep(context, number);
        } else {
            geneticStep(context, number);
        }
    }

    private void geneticStep(SearchContext context, int number) {
        List<Scored> children = new ArrayList<>();
        for (int child = 1; child <= context.settings().population() && !context.stopped(); child++) {
            Scored first = select(context);
            Scored second = population.size() < 2 ? first : select(context);
            for (int retry = 0; retry < 3 && second.number() == first.number() && population.size() > 1; retry++) {
                second = select(context);
            }
            String proposed = context.propose(CandidateWorkspace.meta("CrossOver"), Map.of("first", first.candidate().instruction(), "second",
                    second.candidate().instruction(), "rules", context.rules(), "sample", child));
            Scored scored = proposed == null ? null : context.evaluate(first.candidate().withInstruction(proposed), "crossover of #" + first.number()
                    + " and #" + second.number() + " (generation " + number + ")");
            if (scored != null && scored.valid()) {
                children.add(scored);
            }
        }
        List<Scored> together = new ArrayList<>(population);
        children.stream().filter(child -> together.stream().noneMatch(member -> member.number() == child.number())).forEach(together::add);
        together.sort(Comparator.comparingDouble(Scored::fitness).reversed().thenComparingInt(Scored::number));
        population = new ArrayList<>(together.subList(0, Math.min(context.settings().population(), together.size())));
    }

    private Scored select(SearchContext context) {
        Random random = context.random();
        if (context.settings().selection() == OptimizeSettings.Selection.TOURNAMENT) {
            Scored a = population.get(random.nextInt(population.size()));
            Scored b = population.get(random.nextInt(population.size()));
            return b.fitness() > a.fitness() ? b : a;
        }
        // roulette: by fitness, with a floor so that a population of zeros still chooses
        double total = population.stream().mapToDouble(member -> member.fitness() + 0.01).sum();
        double spin = random.nextDouble() * total;
        for (Scored member : population) {
            spin -= member.fitness() + 0.01;
            if (spin <= 0) {
                return member;
            }
        }
        return population.get(population.size() - 1);
    }

    private void differentialStep(SearchContext context, int number) {
        Random random = context.random();
        Scored best = population.stream().max(Comparator.comparingDouble(Scored::fitness).thenComparing(Scored::number, Comparator.reverseOrder()))
                .orElseThrow();
        for (int i = 0; i < population.size() && !context.stopped(); i++) {
            Scored base = population.get(i);
            List<Scored> others = new ArrayList<>(population);
            others.remove(i);
            Scored first = others.isEmpty() ? base : others.remove(random.nextInt(others.size()));
            Scored second = others.isEmpty() ? base : others.get(random.nextInt(others.size()));
            String proposed = context.propose(CandidateWorkspace.meta("DifferentialMutation"), Map.of("base", base.candidate().instruction(),
                    "first", first.candidate().instruction(), "second", second.candidate().instruction(), "best", best.candidate().instruction(),
                    "rules", context.rules(), "sample", i + 1));
            Scored trial = proposed == null ? null : context.evaluate(base.candidate().withInstruction(proposed), "#" + base.number() + " with #"
                    + first.number() + " − #" + second.number() + " toward #" + best.number() + " (generation " + number + ")");
            if (trial != null && trial.valid() && trial.fitness() >= base.fitness()) {
                population.set(i, trial);
            }
        }
    }

    @Override
    public int initialProposals(int population) {
        return population - 1;
    }

    @Override
    public int proposalsPerGeneration(int population) {
        return population;
    }
}
