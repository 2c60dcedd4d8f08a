package io.promptstudio.tests.support.ui;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.swt.widgets.Display;

/**
 * Waits for the UI to reach a state while keeping the event loop running, so that jobs, async
 * runnables and layouts can happen. Fails with the caller's description when time runs out.
 */
public final class UiWait {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private UiWait() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEFAULT_TIMEOUT);
    }

    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        Display display = Display.getCurrent();
        if (display == null) {
            throw new IllegalStateException("UiWait must run on the UI thread");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // SWT runs asyncExec runnables only once no other event is pending; a condition that makes
            // events itself (expanding a tree) would starve them unless the queue is drained first.
            drainEvents();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what
                        + captureScreen(display, what));
            }
            display.timerExec(20, () -> { });
            display.sleep();
        }
    }

    /** Waits until the supplier returns a non-null value, and returns it. */
    public static <T> T forValue(String what, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        until(what, () -> (holder[0] = supplier.get()) != null);
        @SuppressWarnings("unchecked")
        T value = (T) holder[0];
        return value;
    }

    /** Saves what the screen showed when a wait failed, so a CI failure can be looked at. */
    private static String captureScreen(Display display, String what) {
        try {
            String name = "timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            return " (screen saved to " + Screenshots.captureScreen(display, name) + ")";
        } catch (java.io.IOException | RuntimeException e) {
            return " (no screenshot: " + e + ")";
        }
    }

    /** Runs pending UI events until the queue is empty. */
    public static void drainEvents() {
        Display display = Display.getCurrent();
        for (int i = 0; i < MAX_EVENTS_PER_DRAIN && display != null && display.readAndDispatch(); i++) {
            // each call dispatches one event
        }
    }

    /** Bounds a drain, so that a widget that keeps posting events cannot hold the test forever. */
    private static final int MAX_EVENTS_PER_DRAIN = 10_000;
}
