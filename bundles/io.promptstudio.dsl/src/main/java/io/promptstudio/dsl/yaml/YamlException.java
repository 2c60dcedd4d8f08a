package io.promptstudio.dsl.yaml;

import java.util.List;

/** The YAML form could not be written or read; each problem says where ({@code file:line[:column]: …}) and what is wrong. */
public final class YamlException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public YamlException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
