package io.promptstudio.search.index;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Picks the passage of a text that shows why it matched: the window of sentences holding most query terms. */
final class Snippets {

    static final int LENGTH = 240;

    private Snippets() {
    }

    static String best(String text, List<String> queryTerms, Function<String, List<String>> analyse) {
        String flat = text.replaceAll("\\s+", " ").strip();
        if (flat.length() <= LENGTH) {
            return flat;
        }
        String[] sentences = flat.split("(?<=[.!?;:])\\s+");
        Set<String> wanted = new HashSet<>(queryTerms);
        String best = null;
        int bestScore = -1;
        for (int start = 0; start < sentences.length; start++) {
            StringBuilder window = new StringBuilder();
            for (int end = start; end < sentences.length && window.length() < LENGTH; end++) {
                if (!window.isEmpty()) {
                    window.append(' ');
                }
                window.append(sentences[end]);
            }
            Set<String> found = new HashSet<>(analyse.apply(window.toString()));
            found.retainAll(wanted);
            if (found.size() > bestScore) {
                bestScore = found.size();
                best = (start > 0 ? "… " : "") + cut(window.toString());
            }
        }
        return best;
    }

    private static String cut(String window) {
        if (window.length() <= LENGTH) {
            return window;
        }
        int space = window.lastIndexOf(' ', LENGTH);
        return window.substring(0, space > LENGTH / 2 ? space : LENGTH) + " …";
    }
}
