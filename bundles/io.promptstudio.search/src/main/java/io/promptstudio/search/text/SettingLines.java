package io.promptstudio.search.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code key = value} files of search (source trust, cache domains): blank lines and {@code #} comments
 * skipped, each setting with its line and the column of its value, so that a bad value is reported at its place.
 */
public final class SettingLines {

    /**
     * @param valueColumn the 1-based column where the value starts
     */
    public record Setting(int line, String key, String value, int valueColumn) {

        /** {@code file:line:column: } of the value, for an error message. */
        public String valueAt(String file) {
            return file + ":" + line + ":" + valueColumn + ": ";
        }
    }

    private SettingLines() {
    }

    /**
     * @param expected what a line should look like, for the error on a line without {@code =}
     * @throws IllegalArgumentException {@code file:line:1: expected …, found '…'}
     */
    public static List<Setting> parse(String file, String text, String expected) {
        List<Setting> settings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            // the last '=': a glob pattern may hold one, a value never does
            int equals = line.lastIndexOf('=');
            if (equals < 0 || line.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ":1: expected " + expected + ", found '" + content + "'");
            }
            int valueStart = equals + 1;
            while (valueStart < line.length() && Character.isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
            settings.add(new Setting(i + 1, line.substring(0, equals).strip(), line.substring(equals + 1).strip(), valueStart + 1));
        }
        return settings;
    }
}
