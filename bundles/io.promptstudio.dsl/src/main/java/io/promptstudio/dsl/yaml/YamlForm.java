package io.promptstudio.dsl.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;

/** Names and value kinds shared by the YAML form's writer and reader. */
final class YamlForm {

    /** The key whose value is the form's version; every YAML prompt file starts with it. */
    static final String FORMAT_KEY = "promptstudio";

    /** A setting value that is language text rather than a YAML scalar. */
    static final Tag SOURCE_TAG = new Tag("!pstudio");

    /** A number kept as written ({@code 0.70} stays {@code 0.70}). */
    record Number(String text) {
    }

    /** {@code null}. */
    record Null() {
    }

    /** Language text: {@code !pstudio '{ a: 1 }'}. */
    record Source(String text) {
    }

    /** Where the text of a multi-line template starts in a formatted file: a prompt's message (2) plus one level. */
    static final String TEMPLATE_INDENT = "    ";

    /** Where the closing quotes of a multi-line template stand in a formatted file. */
    static final String CLOSING_INDENT = "  ";

    /**
     * The body of a multi-line template as a YAML block would show it: {@code """⏎    line⏎    line⏎  """} becomes
     * {@code line⏎line⏎}. Null when the template is not laid out that way, so that it is kept exactly instead.
     */
    static String dedent(String content) {
        String closing = "\n" + CLOSING_INDENT;
        if (!content.startsWith("\n") || !content.endsWith(closing) || content.length() <= closing.length()) {
            return null;
        }
        String[] lines = content.substring(1, content.length() - closing.length()).split("\n", -1);
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (!line.isEmpty() && !line.startsWith(TEMPLATE_INDENT) || line.endsWith(" ") || line.endsWith("\t")) {
                return null;
            }
            body.append(line.isEmpty() ? "" : line.substring(TEMPLATE_INDENT.length())).append('\n');
        }
        String result = body.toString();
        return result.isBlank() ? null : result;
    }

    /** The inverse of {@link #dedent}. */
    static String indent(String body) {
        StringBuilder content = new StringBuilder("\n");
        String withoutLast = body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
        for (String line : withoutLast.split("\n", -1)) {
            content.append(line.isEmpty() ? "" : TEMPLATE_INDENT + line).append('\n');
        }
        return content.append(CLOSING_INDENT).toString();
    }

    /** Multi-line text as a literal block where YAML can hold it exactly, else quoted; one line plain where possible. */
    static org.snakeyaml.engine.v2.common.ScalarStyle style(String value) {
        if (!value.contains("\n")) {
            return org.snakeyaml.engine.v2.common.ScalarStyle.PLAIN;
        }
        boolean blockable = !value.isBlank() && !value.startsWith(" ") && !value.startsWith("\n") && value.endsWith("\n")
                && !value.endsWith("\n\n") && value.lines().noneMatch(line -> line.endsWith(" ") || line.endsWith("\t"));
        return blockable ? org.snakeyaml.engine.v2.common.ScalarStyle.LITERAL : org.snakeyaml.engine.v2.common.ScalarStyle.DOUBLE_QUOTED;
    }

    private YamlForm() {
    }
}
