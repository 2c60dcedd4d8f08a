package io.promptstudio.runs;

import io.promptstudio.runtime.RunRecord;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RunHistory;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Keeps every run, whatever its outcome: the run history. */
@FunctionalInterface
public interface RunRecorder {

    /** Keeps {@code run}, and {@code promptSource} (the text its version hash was taken from) as that version's text. */
    void record(RunRecord run, String promptSource) throws HistoryException;

    /** Into a history the caller holds open (the CLI, for one command); runs from several threads take turns. */
    static RunRecorder into(RunHistory history) {
        return (run, source) -> {
            synchronized (history) {
                history.record(run, source);
            }
        };
    }

    /**
     * Into the history database that {@code file} names when a run is recorded, opened for that run and closed
     * after it, so that another process (the CLI beside the workbench) can use it in between.
     */
    static RunRecorder openingEachTime(Supplier<Path> file) {
        Object turn = new Object();
        return (run, source) -> {
            // Runs recorded from several threads (an eval's) take turns: two opening a new history at once would both create it.
            synchronized (turn) {
                try (RunHistory history = RunHistory.open(file.get())) {
                    history.record(run, source);
                }
            }
        };
    }
}
