package io.promptstudio.search.index;

import java.util.List;
import java.util.Objects;

/**
 * One thing the index finds: a prompt (or type, or profile) of a prompt file, or a chunk of an ingested document.
 *
 * @param id       unique in the index ({@code prompt:<file>#<name>}, {@code chunk:<source>#<n>})
 * @param type     what it is: {@code prompt}, {@code type}, {@code profile} or {@code chunk}
 * @param source   the file (or URL) it came from: replacing or deleting a source replaces all its items
 * @param project  the project (top folder) of the source, for filtering; empty when none
 * @param title    a name or heading, shown in results and weighted above the body
 * @param text     what BM25 and the embedding see
 * @param tags     user tags ({@code @tag} lines of a prompt's documentation)
 * @param position where in the source it starts: a line for prompts, a chunk's ordinal for documents
 * @param location a person-readable place in the source (a heading path, {@code page 3}, {@code line 12})
 * @param modified when the source last changed, epoch milliseconds (freshness for the trust score)
 */
public record IndexedItem(String id, String type, String source, String project, String title, String text, List<String> tags,
        int position, String location, long modified) {

    public static final String PROMPT = "prompt";
    public static final String CHUNK = "chunk";

    public IndexedItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        project = project == null ? "" : project;
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        tags = tags == null ? List.of() : List.copyOf(tags);
        location = location == null ? "" : location;
    }

    /** What the embedding model reads: the title gives a chunk its context. */
    public String embeddingText() {
        return title.isEmpty() ? text : title + "\n" + text;
    }
}
