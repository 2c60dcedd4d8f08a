package io.promptstudio.dsl.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.template.Template.Filter;
import io.promptstudio.dsl.template.Template.ForBlock;
import io.promptstudio.dsl.template.Template.IfBlock;
import io.promptstudio.dsl.template.Template.Node;
import io.promptstudio.dsl.template.Template.Path;
import io.promptstudio.dsl.template.Template.Placeholder;
import io.promptstudio.dsl.template.Template.Segment;
import io.promptstudio.dsl.template.Template;
import io.promptstudio.dsl.template.TemplateParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a message template with values. Multi-line {@code """…"""} templates are laid out like Java text blocks:
 * the line break after the opening quotes and the indentation common to all lines are removed, and so is the
 * last line when it holds only the closing quotes' indentation; a line that holds nothing but one
 * {@code {% … %}} tag disappears entirely, so loops and conditions leave no blank lines behind. The renderer
 * then drops whitespace at the end of a multi-line message.
 */
public final class TemplateRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG_ALONE = Pattern.compile("(?m)^[ \\t]*(\\{%[^\\n]*?%\\})[ \\t]*\\n");

    private TemplateRenderer() {
    }

    /** The text of a template's source between its quotes, as it will be sent: see the class comment. */
    public static String layout(String content, boolean multiLine) {
        if (!multiLine) {
            return content;
        }
        String body = content.startsWith("\n") ? content.substring(1) : content.startsWith("\r\n") ? content.substring(2) : content;
        List<String> lines = new ArrayList<>(List.of(body.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(line -> !line.isBlank()).mapToInt(TemplateRenderer::leadingWhitespace).min().orElse(0);
        String dedented = lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).collect(Collectors.joining("\n"));
        return TAG_ALONE.matcher(dedented + "\n").replaceAll("$1").replaceAll("\n$", "");
    }

    private static int leadingWhitespace(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Parsed templates by their text: an eval renders one prompt's few templates many thousand times. */
    private static final Map<String, Template> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_KEPT = 1024;

    /** Renders laid-out template text with the given variables; the checker has made sure every name exists. */
    public static String render(String text, Map<String, Object> variables) {
        Template template = PARSED.get(text);
        if (template == null) {
            template = TemplateParser.parse(text);
            if (PARSED.size() >= PARSED_KEPT) {
                // edits in the workbench make new texts without end: a full cache starts again rather than grow
                PARSED.clear();
            }
            PARSED.put(text, template);
        }
        StringBuilder out = new StringBuilder();
        render(template.nodes(), new HashMap<>(variables), out);
        return out.toString();
    }

    private static void render(List<Node> nodes, Map<String, Object> variables, StringBuilder out) {
        for (Node node : nodes) {
            switch (node) {
                case Template.Text text -> out.append(text.text());
                case Placeholder placeholder -> {
                    Object value = lookup(placeholder.path(), variables);
                    for (Filter filter : placeholder.filters()) {
                        value = apply(filter, value);
                    }
                    out.append(text(value));
                }
                case ForBlock loop -> {
                    Object items = lookup(loop.iterable(), variables);
                    if (items instanceof Collection<?> list) {
                        Object shadowed = variables.get(loop.variable());
                        boolean had = variables.containsKey(loop.variable());
                        for (Object item : list) {
                            variables.put(loop.variable(), item);
                            render(loop.body(), variables, out);
                        }
                        if (had) {
                            variables.put(loop.variable(), shadowed);
                        } else {
                            variables.remove(loop.variable());
                        }
                    }
                }
                case IfBlock choice -> {
                    boolean holds = truthy(lookup(choice.condition(), variables)) != choice.negated();
                    render(holds ? choice.then() : choice.otherwise(), variables, out);
                }
            }
        }
    }

    private static Object lookup(Path path, Map<String, Object> variables) {
        Object value = variables.get(path.head());
        for (Segment segment : path.segments().subList(1, path.segments().size())) {
            value = value instanceof Map<?, ?> map ? map.get(segment.name()) : null;
        }
        return value;
    }

    /** false, null, empty text and empty lists are false; everything else is true. */
    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean bool -> bool;
            case String string -> !string.isEmpty();
            case Collection<?> collection -> !collection.isEmpty();
            case Map<?, ?> map -> !map.isEmpty();
            default -> true;
        };
    }

    private static Object apply(Filter filter, Object value) {
        List<String> arguments = filter.arguments();
        return switch (filter.name()) {
            case "upper" -> text(value).toUpperCase(java.util.Locale.ROOT);
            case "lower" -> text(value).toLowerCase(java.util.Locale.ROOT);
            case "trim" -> text(value).strip();
            case "json" -> json(value);
            case "length" -> (long) (value instanceof Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size()
                    : text(value).codePointCount(0, text(value).length()));
            case "first" -> value instanceof List<?> list && !list.isEmpty() ? list.get(0) : null;
            case "last" -> value instanceof List<?> list && !list.isEmpty() ? list.get(list.size() - 1) : null;
            case "join" -> value instanceof Collection<?> list
                    ? list.stream().map(TemplateRenderer::text).collect(Collectors.joining(arguments.isEmpty() ? "" : arguments.get(0)))
                    : text(value);
            case "default" -> value == null || value instanceof String s && s.isEmpty() ? (arguments.isEmpty() ? "" : arguments.get(0)) : value;
            case "indent" -> text(value).replace("\n", "\n" + (arguments.isEmpty() ? "  " : arguments.get(0)));
            default -> value;
        };
    }

    /** How a value is written into a prompt: text as is, numbers plainly, lists and objects as JSON. */
    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case String string -> string;
            case BigDecimal decimal -> decimal.toPlainString();
            case Collection<?> ignored -> json(value);
            case Map<?, ?> ignored -> json(value);
            default -> String.valueOf(value);
        };
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a template value has no JSON form", e);
        }
    }
}
