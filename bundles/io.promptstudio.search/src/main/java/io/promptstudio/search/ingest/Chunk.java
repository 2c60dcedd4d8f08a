package io.promptstudio.search.ingest;

/**
 * A piece of a document sized for retrieval.
 *
 * @param ordinal  its place among the document's chunks, from 0
 * @param location the heading path or page it comes from
 * @param text     its text, starting with the overlap carried from the chunk before it in the same section
 * @param tokens   the estimated tokens of the text ({@link Tokens})
 */
public record Chunk(int ordinal, String location, String heading, String text, int tokens) {
}
