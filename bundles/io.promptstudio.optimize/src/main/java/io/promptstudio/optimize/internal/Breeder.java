package io.promptstudio.optimize.internal;

import io.promptstudio.optimize.CandidateWorkspace;
import io.promptstudio.optimize.Scored;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * PromptBreeder (Fernando et al., 2023): each unit of the population is a task prompt and the mutation prompt that
 * breeds it. Units start from the prompt as written, mutated by a mutation prompt and a thinking style from the
 * paper's lists. Each generation runs binary tournaments: the loser is overwritten by a mutant of the winner, made
 * either directly (the winner's mutation prompt and a thinking style) or, every other tournament, by first
 * improving the mutation prompt itself (hyper-mutation) and then applying it.
 */
public final class Breeder implements Search {

    /** Mutation prompts of the kind the paper starts from (its appendix lists many; these are among them). */
    static final List<String> MUTATIONS = List.of(
            "Modify the following instruction in a way that no self-respecting LLM would.",
            "Make a variant of the instruction.",
            "Rephrase the instruction without using any of the same words.",
            "Improve the instruction so that it leads to more correct answers.",
            "Say that instruction again in another way. Do not use any of the words in the original instruction.",
            "Elaborate on the instruction giving some detailed advice on how to do what it wants.");

    /** Thinking styles from the paper's list. */
    static final List<String> STYLES = List.of(
            "Let's think step by step.",
            "How could I simplify the problem so that it is easier to solve?",
            "What are the key assumptions underlying this problem?",
            "Let's make a step by step plan and implement it with good notation and explanation.",
            "How can I break down this problem into smaller, more manageable parts?",
            "What is the core issue or problem that needs to be addressed?");

    private record Unit(Scored task, String mutation) {
    }

    private List<Unit> units = new ArrayList<>();

    @Override
    public void initialize(SearchContext context) {
        Random random = context.random();
        units = new ArrayList<>(List.of(new Unit(context.start(), MUTATIONS.get(random.nextInt(MUTATIONS.size())))));
        for (int sample = 1; sample < context.settings().population() && !context.stopped(); sample++) {
            String mutation = MUTATIONS.get(random.nextInt(MUTATIONS.size()));
            String style = STYLES.get(random.nextInt(STYLES.size()));
            Scored task = mutate(context, context.start(), mutation, style, sample, "mutation of #0");
            if (task != null && task.valid()) {
                units.add(new Unit(task, mutation));
            }
        }
    }

    @Override
    public void generation(SearchContext context, int number) {
        Random random = context.random();
        int tournaments = Math.max(1, units.size() / 2);
        for (int t = 0; t < tournaments && !context.stopped() && units.size() > 1; t++) {
            int a = random.nextInt(units.size());
            int b = random.nextInt(units.size() - 1);
            if (b >= a) {
                b++;
            }
            int winner = units.get(a).task().fitness() >= units.get(b).task().fitness() ? a : b;
            int loser = winner == a ? b : a;
            Unit won = units.get(winner);
            String mutation = won.mutation();
            String how = "direct mutation of #" + won.task().number();
            if (t % 2 == 1) {
                String improved = context.propose(CandidateWorkspace.meta("MutateMutation"), Map.of("mutation", mutation, "sample", t + 1));
                if (improved != null) {
                    mutation = improved;
                    how = "hyper-mutation of #" + won.task().number();
                }
            }
            String style = STYLES.get(random.nextInt(STYLES.size()));
            Scored mutant = mutate(context, won.task(), mutation, style, t + 1, how + " (generation " + number + ")");
            if (mutant != null && mutant.valid()) {
                units.set(loser, new Unit(mutant, mutation));
            }
        }
    }

    private static Scored mutate(SearchContext context, Scored parent, String mutation, String style, int sample, String origin) {
        String proposed = context.propose(CandidateWorkspace.meta("MutateTask"), Map.of("mutation", mutation, "style", style, "instruction",
                parent.candidate().instruction(), "rules", context.rules(), "sample", sample));
        return proposed == null ? null : context.evaluate(parent.candidate().withInstruction(proposed), origin);
    }

    @Override
    public int candidatesPerGeneration(int population) {
        return Math.max(1, population / 2);
    }

    @Override
    public int initialProposals(int population) {
        return population - 1;
    }

    @Override
    public int proposalsPerGeneration(int population) {
        int tournaments = Math.max(1, population / 2);
        return tournaments + tournaments / 2;
    }
}
