package io.promptstudio.search.index;

import java.util.List;

/**
 * A query: its text, how to match it and which items may answer.
 *
 * @param types    only items of these types (empty: all)
 * @param projects only items of these projects (empty: all)
 * @param tags     only items with every one of these tags
 */
public record SearchRequest(String text, int limit, Mode mode, List<String> types, List<String> projects, List<String> tags) {

    /** Keyword (BM25), vector (HNSW nearest neighbours) or both fused by reciprocal rank. */
    public enum Mode { KEYWORD, VECTOR, HYBRID }

    public SearchRequest {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the query is empty");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("the limit must be between 1 and 1000, not " + limit);
        }
        mode = mode == null ? Mode.HYBRID : mode;
        types = types == null ? List.of() : List.copyOf(types);
        projects = projects == null ? List.of() : List.copyOf(projects);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static SearchRequest of(String text, int limit) {
        return new SearchRequest(text, limit, Mode.HYBRID, List.of(), List.of(), List.of());
    }

    public SearchRequest withMode(Mode newMode) {
        return new SearchRequest(text, limit, newMode, types, projects, tags);
    }

    public SearchRequest withTypes(String... newTypes) {
        return new SearchRequest(text, limit, mode, List.of(newTypes), projects, tags);
    }
}
