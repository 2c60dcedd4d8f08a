package io.promptstudio.dsl;

/**
 * How deeply a prompt file's brackets nest, found before the file is parsed: the parser descends once per level,
 * so a file nested thousands deep would exhaust the stack instead of being reported. Text in strings and comments
 * does not count (templates bound their own blocks).
 */
public final class Nesting {

    /** The deepest nesting of {@code ( [ {} a file may have: far beyond what a prompt needs. */
    public static final int MAX_DEPTH = 100;

    /** Where a file first nests deeper than {@link #MAX_DEPTH}, 1-based. */
    public record TooDeep(int line, int column, char bracket) {
        public String message() {
            return "the file nests deeper than " + MAX_DEPTH + " levels at this '" + bracket + "'; the language allows at most "
                    + MAX_DEPTH;
        }
    }

    private Nesting() {
    }

    /** The first place where the text nests deeper than {@link #MAX_DEPTH}, or null when it never does. */
    public static TooDeep tooDeep(String text) {
        int depth = 0;
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? text.length() : end + 2;
                for (int j = i; j < stop; j++) {
                    if (text.charAt(j) == '\n') {
                        line++;
                        lineStart = j + 1;
                    }
                }
                i = stop;
            } else if (c == '"' || c == '\'') {
                String quote = text.startsWith("\"\"\"", i) ? "\"\"\"" : String.valueOf(c);
                int j = i + quote.length();
                while (j < text.length() && !text.startsWith(quote, j)) {
                    if (text.charAt(j) == '\\') {
                        j++;
                    } else if (text.charAt(j) == '\n') {
                        line++;
                        lineStart = j + 1;
                    }
                    j++;
                }
                i = Math.min(text.length(), j + quote.length());
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                    if (depth > MAX_DEPTH) {
                        return new TooDeep(line, i - lineStart + 1, c);
                    }
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                i++;
            }
        }
        return null;
    }
}
