package io.promptstudio.ui.runs.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The profile and model the Playground runs with now: set by the Playground, shown by the status bar's item of every
 * window. One for the workbench, from {@link RunsServiceFactory}.
 */
public final class ChosenProfile {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String profile;
    private volatile String model;

    /** Sets the profile and its model (null for none chosen), and tells the listeners. */
    public void choose(String profile, String model) {
        this.profile = profile;
        this.model = model;
        listeners.forEach(Runnable::run);
    }

    public String profile() {
        return profile;
    }

    public String model() {
        return model;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
