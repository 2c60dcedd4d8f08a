package io.promptstudio.eval;

import io.promptstudio.store.HistoryException;
import java.util.function.Consumer;

/** What an interrupted run already did: the cases the runner skips, and their results for the outcome's numbers. */
public interface Resumption {

    /** A fresh run: nothing done. */
    Resumption NONE = new Resumption() {
        @Override
        public boolean done(int row, EvalSuite.Variant variant, int repeat) {
            return false;
        }

        @Override
        public int count() {
            return 0;
        }

        @Override
        public void replay(Consumer<CaseResult> each) {
            // nothing was done
        }
    };

    boolean done(int row, EvalSuite.Variant variant, int repeat);

    /** How many cases are done. */
    int count();

    /** Hands each done case's result to {@code each}, one at a time. */
    void replay(Consumer<CaseResult> each) throws HistoryException;
}
