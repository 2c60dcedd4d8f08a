package io.promptstudio.runtime.output;

import java.util.List;

/** The answer is not a value of the output type; each problem names its path ({@code $.total}) and what is wrong. */
public final class OutputParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public OutputParseException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
