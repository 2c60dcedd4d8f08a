package io.promptstudio.search.ingest;

import java.util.List;

/**
 * A document read for ingest, by structure: sections under their headings, each a list of blocks (paragraphs,
 * list items, code), with boilerplate already removed.
 *
 * @param format {@code markdown}, {@code text}, {@code html} or {@code pdf}
 */
public record SourceDocument(String source, String format, String title, List<Section> sections) {

    /**
     * @param headings the heading path, outermost first ({@code ["Refunds", "Time limits"]}); empty before any heading
     * @param page     the 1-based page for PDFs, 0 for other formats
     */
    public record Section(List<String> headings, List<String> blocks, int page) {
        public Section {
            headings = List.copyOf(headings);
            blocks = List.copyOf(blocks);
        }

        public String location() {
            String path = String.join(" › ", headings);
            if (page > 0) {
                return path.isEmpty() ? "page " + page : "page " + page + " · " + path;
            }
            return path;
        }
    }
}
