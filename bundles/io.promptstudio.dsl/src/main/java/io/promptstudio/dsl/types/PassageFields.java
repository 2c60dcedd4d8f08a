package io.promptstudio.dsl.types;

import java.util.List;

/**
 * The fields retrieval gives a passage record ({@code class Passage { text: string source: string }}): what the checker
 * accepts in a record that a retrieval fills, and what the search side fills.
 */
public final class PassageFields {

    public static final List<String> NAMES = List.of("id", "title", "text", "source", "location", "score", "relevance", "trust");

    private PassageFields() {
    }
}
