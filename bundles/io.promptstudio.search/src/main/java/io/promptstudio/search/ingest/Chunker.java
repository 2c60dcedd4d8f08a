package io.promptstudio.search.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document into chunks by its structure: a chunk never crosses a heading (or a PDF page), paragraphs
 * are packed whole while they fit the token budget, a paragraph too long for it is split between sentences, and
 * a sentence too long between words. Each chunk after the first of a section starts with the last sentences of
 * the one before, up to the overlap, so that a fact cut at a boundary is still found whole.
 */
public final class Chunker {

    private final int budget;
    private final int overlap;

    /**
     * @param budget  the most tokens a chunk holds (its overlap included)
     * @param overlap the tokens carried from one chunk into the next; less than half the budget
     */
    public Chunker(int budget, int overlap) {
        if (budget < 16) {
            throw new IllegalArgumentException("a chunk budget of " + budget + " tokens is too small (at least 16)");
        }
        if (overlap < 0 || overlap * 2 >= budget) {
            throw new IllegalArgumentException("the overlap must be at least 0 and under half the budget, not " + overlap);
        }
        this.budget = budget;
        this.overlap = overlap;
    }

    public static Chunker standard() {
        return new Chunker(256, 32);
    }

    public List<Chunk> chunks(SourceDocument document) {
        List<Chunk> chunks = new ArrayList<>();
        for (SourceDocument.Section section : document.sections()) {
            String heading = section.headings().isEmpty() ? document.title() : section.headings().get(section.headings().size() - 1);
            List<String> pieces = new ArrayList<>();
            for (String block : section.blocks()) {
                pieces.addAll(fitting(block));
            }
            List<String> current = new ArrayList<>();
            int tokens = 0;
            for (String piece : pieces) {
                int size = Tokens.count(piece);
                if (!current.isEmpty() && tokens + size > budget) {
                    chunks.add(chunk(chunks.size(), section, heading, current));
                    current = carried(current);
                    tokens = Tokens.count(String.join(" ", current));
                    if (tokens + size > budget) {
                        current.clear();
                        tokens = 0;
                    }
                }
                current.add(piece);
                tokens += size;
            }
            if (!current.isEmpty()) {
                chunks.add(chunk(chunks.size(), section, heading, current));
            }
        }
        return chunks;
    }

    private static Chunk chunk(int ordinal, SourceDocument.Section section, String heading, List<String> pieces) {
        String text = String.join("\n\n", pieces);
        return new Chunk(ordinal, section.location(), heading, text, Tokens.count(text));
    }

    /** The trailing sentences of a chunk that fit the overlap. */
    private List<String> carried(List<String> pieces) {
        if (overlap == 0) {
            return new ArrayList<>();
        }
        List<String> sentences = sentences(String.join(" ", pieces));
        List<String> carried = new ArrayList<>();
        int tokens = 0;
        for (int i = sentences.size() - 1; i >= 0; i--) {
            int size = Tokens.count(sentences.get(i));
            if (tokens + size > overlap) {
                break;
            }
            carried.add(0, sentences.get(i));
            tokens += size;
        }
        return carried.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(String.join(" ", carried)));
    }

    /**
     * A block as pieces that each fit the budget: itself, or runs of its sentences (or words) that leave room for
     * the overlap carried in front of them.
     */
    private List<String> fitting(String block) {
        if (Tokens.count(block) <= budget) {
            return List.of(block);
        }
        int room = budget - overlap;
        List<String> pieces = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (String sentence : sentences(block)) {
            if (Tokens.count(sentence) > room) {
                if (!run.isEmpty()) {
                    pieces.add(run.toString());
                    run.setLength(0);
                }
                pieces.addAll(words(sentence, room));
                continue;
            }
            if (!run.isEmpty() && Tokens.count(run + " " + sentence) > room) {
                pieces.add(run.toString());
                run.setLength(0);
            }
            if (!run.isEmpty()) {
                run.append(' ');
            }
            run.append(sentence);
        }
        if (!run.isEmpty()) {
            pieces.add(run.toString());
        }
        return pieces;
    }

    private static List<String> words(String sentence, int room) {
        List<String> pieces = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int tokens = 0;
        for (String word : sentence.split("\\s+")) {
            int size = Tokens.count(word);
            if (run.length() > 0 && tokens + size > room) {
                pieces.add(run.toString());
                run.setLength(0);
                tokens = 0;
            }
            if (size > room) {
                // one "word" over the budget (a URL, a base64 blob): cut it by characters
                for (int start = 0; start < word.length(); start += room * 2) {
                    pieces.add(word.substring(start, Math.min(word.length(), start + room * 2)));
                }
                continue;
            }
            if (run.length() > 0) {
                run.append(' ');
            }
            run.append(word);
            tokens += size;
        }
        if (run.length() > 0) {
            pieces.add(run.toString());
        }
        return pieces;
    }

    static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        for (String sentence : text.split("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])")) {
            if (!sentence.isBlank()) {
                sentences.add(sentence.strip());
            }
        }
        return sentences;
    }
}
