package io.promptstudio.runs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks work to stop: the one cancellation type of every run, whoever started it. The workbench cancels one when its
 * Job is cancelled (the progress monitor's Cancel); the CLI and tests call {@link #cancel()} themselves.
 */
public final class Cancellation {

    private final List<Runnable> reactions = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    /** A cancellation nobody cancels. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled = true;
        reactions.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code reaction} when this is cancelled, at once when it already is; closing the returned handle
     * forgets the reaction (when the work it stops is over).
     */
    public Registration onCancel(Runnable reaction) {
        reactions.add(reaction);
        if (cancelled) {
            reaction.run();
        }
        return () -> reactions.remove(reaction);
    }

    /** Forgets a reaction given to {@link #onCancel}. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
