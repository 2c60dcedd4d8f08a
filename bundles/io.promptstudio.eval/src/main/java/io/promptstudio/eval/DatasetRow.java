package io.promptstudio.eval;

import java.util.List;
import java.util.Map;

/**
 * One case of a dataset: where it is ({@code file.jsonl:12} or {@code suite.pstudio:40}), its number (from 1), the
 * prompt's inputs, and the expected answer (null when the row gives none). A row that cannot be used carries its
 * problems, each with its line and column, and is reported as an error case, not run.
 */
public record DatasetRow(int number, String where, Map<String, Object> inputs, Object expected, List<String> problems) {

    public DatasetRow {
        problems = List.copyOf(problems);
    }

    public boolean usable() {
        return problems.isEmpty();
    }
}
