package io.promptstudio.dsl.render;

import java.util.List;

/** Arguments that do not fit a prompt's parameters; each problem names the parameter (and path) and what was expected. */
public final class ArgumentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ArgumentException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
