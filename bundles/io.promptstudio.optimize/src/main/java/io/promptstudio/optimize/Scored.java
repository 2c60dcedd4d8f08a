package io.promptstudio.optimize;

import java.math.BigDecimal;

/**
 * A candidate of a run as it was judged.
 *
 * @param number its place in the run (0 is the prompt as written)
 * @param generation the step or generation that proposed it (0: the start and the initial population)
 * @param origin how it came about, in words ({@code crossover of #3 and #5})
 * @param prompt the qualified name it ran under, or null when it was dropped
 * @param problem why it was dropped (the language's error, or an input its instruction no longer reads), else null
 * @param fitness its mean score on the rows the search selects by (the training batch; for few-shot, validation)
 * @param validation its mean score on the validation split, once it was among a step's best
 * @param cost what scoring it cost, in dollars (null when nothing was priced)
 */
public record Scored(int number, int generation, Candidate candidate, String origin, String prompt, String problem, Double fitness,
        Double validation, BigDecimal cost) {

    public boolean valid() {
        return problem == null;
    }

    Scored withValidation(double score) {
        return new Scored(number, generation, candidate, origin, prompt, problem, fitness, score, cost);
    }
}
