package io.promptstudio.search.retrieve;

import io.promptstudio.search.text.SettingLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * How much the user trusts each source, from 0 to 1, set by glob patterns over source paths; the first pattern
 * that matches wins, unmatched sources get {@link #DEFAULT}. Read from a file of {@code pattern = trust} lines:
 * <pre>
 * # policies are authoritative, scraped pages less so
 * **&#47;policies/** = 0.95
 * **&#47;*.html     = 0.4
 * </pre>
 */
public final class SourceTrust {

    public static final double DEFAULT = 0.5;

    private record Rule(String pattern, PathMatcher matcher, double trust) {
    }

    private final List<Rule> rules;

    private SourceTrust(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static SourceTrust none() {
        return new SourceTrust(List.of());
    }

    /**
     * Reads trust rules; a missing file means no rules.
     *
     * @throws IllegalArgumentException naming the file, the line and what was expected, for a malformed line
     */
    public static SourceTrust read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return none();
        }
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public static SourceTrust parse(String name, String text) {
        List<Rule> rules = new ArrayList<>();
        for (SettingLines.Setting setting : SettingLines.parse(name, text, "'pattern = trust'")) {
            double trust;
            try {
                trust = Double.parseDouble(setting.value());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting.valueAt(name) + "expected a trust between 0 and 1, found '" + setting.value() + "'");
            }
            if (!(trust >= 0 && trust <= 1)) {
                throw new IllegalArgumentException(setting.valueAt(name) + "a trust must be between 0 and 1, not " + setting.value());
            }
            PathMatcher matcher;
            try {
                matcher = FileSystems.getDefault().getPathMatcher("glob:" + setting.key());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + setting.line() + ":1: not a glob pattern: " + e.getMessage());
            }
            rules.add(new Rule(setting.key(), matcher, trust));
        }
        return new SourceTrust(rules);
    }

    public double of(String source) {
        Path path = Path.of(source);
        for (Rule rule : rules) {
            if (rule.matcher().matches(path)) {
                return rule.trust();
            }
        }
        return DEFAULT;
    }
}
