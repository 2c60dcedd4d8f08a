package io.promptstudio.dsl.template;

import io.promptstudio.dsl.template.Template.Filter;
import io.promptstudio.dsl.template.Template.ForBlock;
import io.promptstudio.dsl.template.Template.IfBlock;
import io.promptstudio.dsl.template.Template.Node;
import io.promptstudio.dsl.template.Template.Path;
import io.promptstudio.dsl.template.Template.Placeholder;
import io.promptstudio.dsl.template.Template.Problem;
import io.promptstudio.dsl.template.Template.Segment;
import io.promptstudio.dsl.template.Template.Text;
import io.promptstudio.dsl.validation.IssueCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the template language of messages:
 * <ul>
 * <li>{@code {{ path }}} and {@code {{ path | filter | filter("arg") }}} insert a value;</li>
 * <li>{@code {% for x in path %} … {% endfor %}} repeats, {@code {% if [not] path %} … {% else %} … {% endif %}} chooses;</li>
 * <li>{@code \{{} and {@code \{%} are a literal {@code {{} and {@code {%}.</li>
 * </ul>
 * Text between double braces that cannot be a placeholder but looks like JSON (an example object in a
 * prompt) is kept as text with a warning, never silently taken for a variable. The parser never throws.
 */
public final class TemplateParser {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern FOR_TAG = Pattern.compile("for\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\s+(.+)");
    private static final Pattern IF_TAG = Pattern.compile("if\\s+(not\\s+)?(.+)");

    private final String text;
    private final List<Problem> problems = new ArrayList<>();
    private int position;

    private TemplateParser(String text) {
        this.text = text;
    }

    public static Template parse(String text) {
        TemplateParser parser = new TemplateParser(text == null ? "" : text);
        List<Node> nodes = parser.parseUntil(List.of());
        return new Template(List.copyOf(nodes), List.copyOf(parser.problems));
    }

    /** The closing tag that ended the last {@link #parseUntil} call, or null when the text ended. */
    private String closedBy;
    /** How many blocks enclose the one being parsed. */
    private int depth;
    /** The blocks nested too deeply and the rest was not parsed: the enclosing blocks are not reported unclosed. */
    private boolean abandoned;

    /** The deepest nesting of {@code for} and {@code if} blocks a template may have. */
    public static final int MAX_DEPTH = 100;

    /** Parses nodes until one of the given closing tags or the end of the text. */
    private List<Node> parseUntil(List<String> closers) {
        List<Node> nodes = new ArrayList<>();
        TextBuffer literal = new TextBuffer();
        closedBy = null;
        while (position < text.length()) {
            if (text.startsWith("\\{{", position) || text.startsWith("\\{%", position)) {
                literal.add(position, text.substring(position + 1, position + 3));
                position += 3;
            } else if (text.startsWith("{{", position)) {
                int start = position;
                int end = text.indexOf("}}", start + 2);
                if (end < 0) {
                    problem(start, 2, true, IssueCodes.TEMPLATE_SYNTAX,
                            "'{{' is never closed by '}}' (write \\{{ for a literal '{{')");
                    literal.add(start, text.substring(start));
                    position = text.length();
                    break;
                }
                position = end + 2;
                Placeholder placeholder = placeholder(start, end);
                if (placeholder == null) {
                    literal.add(start, text.substring(start, end + 2));
                } else {
                    literal.flushTo(nodes);
                    nodes.add(placeholder);
                }
            } else if (text.startsWith("{%", position)) {
                int start = position;
                int end = text.indexOf("%}", start + 2);
                if (end < 0) {
                    problem(start, 2, true, IssueCodes.TEMPLATE_SYNTAX, "'{%' is never closed by '%}'");
                    literal.add(start, text.substring(start));
                    position = text.length();
                    break;
                }
                String tag = text.substring(start + 2, end).strip();
                int tagOffset = start + 2 + leadingSpaces(text.substring(start + 2, end));
                position = end + 2;
                literal.flushTo(nodes);
                String keyword = tag.split("\\s+", 2)[0];
                if (closers.contains(keyword)) {
                    closedBy = keyword;
                    return nodes;
                }
                Node block = block(keyword, tag, tagOffset, start, end);
                if (block != null) {
                    nodes.add(block);
                }
            } else {
                literal.add(position, String.valueOf(text.charAt(position)));
                position++;
            }
        }
        literal.flushTo(nodes);
        return nodes;
    }

    /** Collects consecutive literal text and remembers where it started. */
    private static final class TextBuffer {
        private final StringBuilder text = new StringBuilder();
        private int start;

        void add(int at, String more) {
            if (text.isEmpty()) {
                start = at;
            }
            text.append(more);
        }

        void flushTo(List<Node> nodes) {
            if (!text.isEmpty()) {
                nodes.add(new Text(text.toString(), start));
                text.setLength(0);
            }
        }
    }

    private Node block(String keyword, String tag, int tagOffset, int start, int end) {
        if ((keyword.equals("for") || keyword.equals("if")) && depth >= MAX_DEPTH) {
            problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX, "blocks nest deeper than " + MAX_DEPTH
                    + " levels here; a template allows at most " + MAX_DEPTH);
            // The rest is not parsed: it would only nest deeper.
            position = text.length();
            abandoned = true;
            return null;
        }
        depth++;
        try {
            return openedBlock(keyword, tag, tagOffset, start, end);
        } finally {
            depth--;
        }
    }

    private Node openedBlock(String keyword, String tag, int tagOffset, int start, int end) {
        switch (keyword) {
            case "for" -> {
                Matcher matcher = FOR_TAG.matcher(tag);
                if (!matcher.matches()) {
                    problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX, "expected '{% for item in list %}'");
                    return null;
                }
                int iterableOffset = tagOffset + matcher.start(2);
                Path iterable = path(matcher.group(2).strip(), iterableOffset);
                if (iterable == null) {
                    problem(iterableOffset, matcher.group(2).length(), true, IssueCodes.TEMPLATE_SYNTAX,
                            "expected a variable or member path after 'in', found '" + matcher.group(2).strip() + "'");
                }
                List<Node> body = parseUntil(List.of("endfor"));
                if (!"endfor".equals(closedBy) && !abandoned) {
                    problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX, "'{% for %}' is never closed by '{% endfor %}'");
                }
                return iterable == null ? null : new ForBlock(matcher.group(1), tagOffset + matcher.start(1), iterable, body, start);
            }
            case "if" -> {
                Matcher matcher = IF_TAG.matcher(tag);
                Path condition = matcher.matches() ? path(matcher.group(2).strip(), tagOffset + matcher.start(2)) : null;
                if (condition == null) {
                    problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX, "expected '{% if [not] variable.member %}'");
                }
                List<Node> then = parseUntil(List.of("else", "endif"));
                List<Node> otherwise = List.of();
                if ("else".equals(closedBy)) {
                    otherwise = parseUntil(List.of("endif"));
                }
                if (!"endif".equals(closedBy) && !abandoned) {
                    problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX, "'{% if %}' is never closed by '{% endif %}'");
                }
                return condition == null ? null : new IfBlock(condition, matcher.group(1) != null, then, otherwise, start);
            }
            default -> {
                String message = switch (keyword) {
                    case "endfor", "endif", "else" -> "'{% " + keyword + " %}' has no matching opening tag";
                    default -> "unknown tag '" + keyword + "' (expected for, endfor, if, else, endif)";
                };
                problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX, message);
                return null;
            }
        }
    }

    /** The placeholder between {@code start} ("{{") and {@code end} ("}}"), or null when it is kept as text. */
    private Placeholder placeholder(int start, int end) {
        String inside = text.substring(start + 2, end);
        String content = inside.strip();
        int contentOffset = start + 2 + leadingSpaces(inside);
        if (looksLikeJson(content)) {
            problem(start, end + 2 - start, false, IssueCodes.AMBIGUOUS_BRACES,
                    "'{{' starts what looks like JSON, so it is kept as text; write \\{{ to say it is literal");
            return null;
        }
        String[] parts = content.split("\\|", -1);
        Path path = path(parts[0].strip(), contentOffset + leadingSpaces(parts[0]));
        if (path == null) {
            problem(start, end + 2 - start, true, IssueCodes.TEMPLATE_SYNTAX,
                    "expected a variable or member path in '{{ }}', found '" + parts[0].strip()
                            + "' (write \\{{ for literal braces)");
            return null;
        }
        List<Filter> filters = new ArrayList<>();
        int partOffset = contentOffset + parts[0].length() + 1;
        for (int i = 1; i < parts.length; i++) {
            Filter filter = filter(parts[i], partOffset);
            if (filter == null) {
                problem(partOffset, parts[i].length(), true, IssueCodes.TEMPLATE_SYNTAX,
                        "expected a filter such as upper or join(\", \"), found '" + parts[i].strip() + "'");
            } else {
                filters.add(filter);
            }
            partOffset += parts[i].length() + 1;
        }
        return new Placeholder(path, List.copyOf(filters), start, end + 2 - start);
    }

    private static final Pattern FILTER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\(\\s*(.*?)\\s*\\))?");
    private static final Pattern STRING_ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'");

    private static Filter filter(String source, int offset) {
        String stripped = source.strip();
        Matcher matcher = FILTER.matcher(stripped);
        if (!matcher.matches()) {
            return null;
        }
        List<String> arguments = new ArrayList<>();
        if (matcher.group(2) != null && !matcher.group(2).isEmpty()) {
            Matcher argument = STRING_ARGUMENT.matcher(matcher.group(2));
            int at = 0;
            while (argument.find(at) && argument.start() == at) {
                arguments.add(argument.group(1) != null ? argument.group(1) : argument.group(2));
                at = argument.end();
                while (at < matcher.group(2).length() && (matcher.group(2).charAt(at) == ',' || matcher.group(2).charAt(at) == ' ')) {
                    at++;
                }
            }
            if (at != matcher.group(2).length()) {
                return null;
            }
        }
        return new Filter(matcher.group(1), List.copyOf(arguments), offset + leadingSpaces(source));
    }

    private static Path path(String source, int offset) {
        if (source.isEmpty()) {
            return null;
        }
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        for (String part : source.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches()) {
                return null;
            }
            segments.add(new Segment(part, offset + at));
            at += part.length() + 1;
        }
        return new Path(List.copyOf(segments));
    }

    /** JSON-looking content: starts with a quote, a brace or a bracket, or has a "key": pair. */
    private static boolean looksLikeJson(String content) {
        return content.startsWith("\"") || content.startsWith("{") || content.startsWith("[")
                || content.matches("(?s).*\"[^\"]*\"\\s*:.*");
    }

    private void problem(int offset, int length, boolean error, String code, String message) {
        problems.add(new Problem(offset, length, error, code, message));
    }

    private static int leadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
