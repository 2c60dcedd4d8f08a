package io.promptstudio.eval;

/** Told of each result as it comes, from the runner's threads: a progress line, a view, a file written as it goes. */
public interface EvalListener {

    EvalListener NONE = (result, done) -> {
    };

    /**
     * @param done how many results have come so far, this one included
     */
    void result(CaseResult result, long done);
}
