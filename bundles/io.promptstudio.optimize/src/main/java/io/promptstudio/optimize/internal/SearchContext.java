package io.promptstudio.optimize.internal;

import io.promptstudio.optimize.Candidate;
import io.promptstudio.optimize.OptimizeSettings;
import io.promptstudio.optimize.Scored;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** What a search may do: propose through the optimizer's prompts and have candidates scored, within the budget. */
public interface SearchContext {

    OptimizeSettings settings();

    /** The run's one random source, seeded: every choice a search makes is drawn from it, in order. */
    Random random();

    /** The prompt as written, scored. */
    Scored start();

    /** Every valid candidate scored so far, in the order they were proposed. */
    List<Scored> scored();

    /**
     * Scores a candidate on the rows the search selects by (a candidate seen before keeps its score). Returns it
     * with {@link Scored#problem()} when the language or the prompt's shape rejects it, and null when the budget or a
     * cancellation stopped the run.
     */
    Scored evaluate(Candidate candidate, String origin);

    /** The instruction one of the optimizer's prompts proposes, or null when the call failed or the run stopped. */
    String propose(String metaPrompt, Map<String, Object> arguments);

    /** What every proposal must keep, in words for the optimizer's prompts: the placeholders the instruction reads. */
    String rules();

    /** Examples of the task from the training split, as text: an input and the expected answer each. */
    String examples(int count);

    /** Demonstrations from the training rows the prompt as written passed (BootstrapFewShot's traces). */
    List<Candidate.Demo> bootstrapDemos();

    /** The demonstrations whose inputs are the nearest neighbours of the most validation inputs, by the embedder. */
    List<Candidate.Demo> nearestDemos(List<Candidate.Demo> pool, int count);

    /** Whether the budget or a cancellation has stopped the run. */
    boolean stopped();
}
