package io.promptstudio.dsl.template;

import java.util.List;

/**
 * A parsed message template. Offsets are relative to the first character of the template's text
 * (after the opening quotes), so callers can place problems exactly in the source file.
 *
 * @param nodes    the template's content, in order
 * @param problems syntax problems found while parsing; the nodes still cover everything parseable
 */
public record Template(List<Node> nodes, List<Problem> problems) {

    /** Anything a template is made of. */
    public sealed interface Node permits Text, Placeholder, ForBlock, IfBlock {
        int offset();
    }

    /** Literal text, with escapes already applied ({@code \{{} becomes {@code {{}). */
    public record Text(String text, int offset) implements Node {
    }

    /** {@code {{ path | filter | filter("arg") }}}. */
    public record Placeholder(Path path, List<Filter> filters, int offset, int length) implements Node {
    }

    /** {@code {% for item in path %} … {% endfor %}}. */
    public record ForBlock(String variable, int variableOffset, Path iterable, List<Node> body, int offset)
            implements Node {
    }

    /** {@code {% if [not] path %} … [{% else %} …] {% endif %}}. */
    public record IfBlock(Path condition, boolean negated, List<Node> then, List<Node> otherwise, int offset)
            implements Node {
    }

    /** A variable and member accesses: {@code ticket.customer.name}; each segment keeps its offset. */
    public record Path(List<Segment> segments) {
        public String head() {
            return segments.get(0).name();
        }

        public int offset() {
            return segments.get(0).offset();
        }

        public int length() {
            Segment last = segments.get(segments.size() - 1);
            return last.offset() + last.name().length() - offset();
        }

        @Override
        public String toString() {
            return String.join(".", segments.stream().map(Segment::name).toList());
        }
    }

    public record Segment(String name, int offset) {
    }

    /** A filter applied to a placeholder's value, with string arguments: {@code join(", ")}. */
    public record Filter(String name, List<String> arguments, int offset) {
    }

    /** A syntax problem in a template. */
    public record Problem(int offset, int length, boolean error, String code, String message) {
    }
}
