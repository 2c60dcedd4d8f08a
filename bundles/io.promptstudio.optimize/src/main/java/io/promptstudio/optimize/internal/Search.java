package io.promptstudio.optimize.internal;

/** One optimization method: the initial population, then one step or generation at a time. */
public interface Search {

    /** Generation 0, after the prompt as written was scored: the initial population, if the method has one. */
    void initialize(SearchContext context);

    /** Generation {@code number} (from 1). */
    void generation(SearchContext context, int number);

    /** The model calls the optimizer's prompts make in generation 0 and in each later one, for the estimate. */
    int initialProposals(int population);

    int proposalsPerGeneration(int population);

    /** The candidates a generation scores, for the estimate. */
    default int candidatesPerGeneration(int population) {
        return population;
    }
}
