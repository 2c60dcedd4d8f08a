package io.promptstudio.sync;

import java.util.List;

/** Start-up configuration that cannot be used, with every problem found (not just the first). */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
