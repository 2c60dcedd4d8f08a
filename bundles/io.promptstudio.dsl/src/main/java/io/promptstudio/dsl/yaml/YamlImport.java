package io.promptstudio.dsl.yaml;

import com.google.inject.Injector;
import io.promptstudio.dsl.formatting.PromptFormatting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.Strings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the YAML form of a prompt file back into the language, formatted. Every problem is reported with the
 * YAML file's line and column: YAML syntax, a missing or unknown key, a value of the wrong kind, and language
 * text (a type, a value, an expectation) that does not parse, placed at the YAML value that holds it.
 */
public final class YamlImport {

    private final String fileName;
    private final StringBuilder out = new StringBuilder();
    private final List<String> problems = new ArrayList<>();
    /** Where each piece of language text came from: generated offset range → the YAML node. */
    private final List<Origin> origins = new ArrayList<>();

    private record Origin(int start, int end, Node node) {
    }

    private YamlImport(String fileName) {
        this.fileName = fileName;
    }

    /**
     * The prompt file the YAML stands for, formatted.
     *
     * @throws YamlException naming every problem with its line and column in the YAML file
     */
    public static String toSource(String yaml, String fileName, Injector language) throws YamlException {
        YamlImport reader = new YamlImport(fileName);
        Node root;
        try {
            // no aliases: a few lines of YAML must not expand into gigabytes ("billion laughs")
            root = new Compose(LoadSettings.builder().setMaxAliasesForCollections(0)
                    .setCodePointLimit(16 * 1024 * 1024).build()).composeString(yaml).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            throw new YamlException(List.of(fileName + ":" + (mark == null ? "1:1" : (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                    + ": not valid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            throw new YamlException(List.of(fileName + ":1:1: not valid YAML: " + e.getMessage()));
        }
        if (root == null) {
            throw new YamlException(List.of(fileName + ":1:1: the file is empty; a YAML prompt file starts with '"
                    + YamlForm.FORMAT_KEY + ": " + YamlExport.FORMAT + "'"));
        }
        reader.file(root);
        if (!reader.problems.isEmpty()) {
            throw new YamlException(reader.problems);
        }
        return reader.parseAndFormat(language);
    }

    private void file(Node root) {
        Map<String, Node> keys = mapping(root, "the file", Set.of(YamlForm.FORMAT_KEY, "comments", "namespace", "imports", "declarations",
                "trailing-comments"));
        if (keys == null) {
            return;
        }
        Node format = keys.get(YamlForm.FORMAT_KEY);
        if (format == null) {
            problem(root, "missing '" + YamlForm.FORMAT_KEY + ": " + YamlExport.FORMAT + "': this does not look like a PromptStudio YAML prompt file");
            return;
        }
        if (!String.valueOf(YamlExport.FORMAT).equals(scalar(format, YamlForm.FORMAT_KEY))) {
            problem(format, "this is version " + scalar(format, YamlForm.FORMAT_KEY) + " of the YAML form; this PromptStudio reads version "
                    + YamlExport.FORMAT);
            return;
        }
        comments(keys.get("comments"));
        Optional.ofNullable(keys.get("namespace")).map(node -> scalar(node, "namespace"))
                .ifPresent(namespace -> out.append("namespace ").append(namespace).append('\n'));
        for (Node item : sequence(keys.get("imports"), "imports")) {
            out.append("import ");
            text(item, "an import");
            out.append('\n');
        }
        for (Node declaration : sequence(keys.get("declarations"), "declarations")) {
            out.append('\n');
            declaration(declaration);
        }
        comments(keys.get("trailing-comments"));
    }

    private void declaration(Node node) {
        Map<String, Node> keys = mapping(node, "a declaration", null);
        if (keys == null) {
            return;
        }
        String kind = List.of("enum", "class", "type", "profile", "prompt", "test", "eval", "dataset", "chain").stream().filter(keys::containsKey)
                .findFirst().orElse(null);
        if (kind == null) {
            problem(node, "a declaration needs one of the keys enum, class, type, profile, prompt, test, dataset, eval, chain");
            return;
        }
        Map<String, Set<String>> allowed = Map.of("enum", Set.of("enum", "comments", "one-per-line", "values"),
                "class", Set.of("class", "comments", "fields"), "type", Set.of("type", "comments", "is"),
                "profile", Set.of("profile", "comments", "extends", "settings"),
                "prompt", Set.of("prompt", "comments", "parameters", "returns", "using", "messages"),
                "test", Set.of("test", "comments", "for", "input", "expect"),
                "dataset", Set.of("dataset", "comments", "for", "from", "rows"),
                "eval", Set.of("eval", "comments", "prompts", "profiles", "dataset", "repeat", "threshold", "suite", "budget", "assert",
                        "pairwise", "pairwise_profile"),
                "chain", Set.of("chain", "comments", "parameters", "returns", "stages", "return"));
        if (!checkKeys(node, keys, allowed.get(kind), "a " + kind + " declaration")) {
            return;
        }
        comments(keys.get("comments"));
        String name = scalar(keys.get(kind), kind + " name");
        switch (kind) {
            case "enum" -> {
                boolean onePerLine = flag(keys, "one-per-line");
                out.append("enum ").append(name).append(" {").append(onePerLine ? "\n" : " ");
                List<Node> values = sequence(keys.get("values"), "values");
                for (int i = 0; i < values.size(); i++) {
                    text(values.get(i), "an enum value");
                    out.append(i < values.size() - 1 ? "," : "").append(onePerLine ? "\n" : " ");
                }
                out.append("}\n");
            }
            case "class" -> {
                out.append("class ").append(name).append(" {\n");
                for (Node field : sequence(keys.get("fields"), "fields")) {
                    member(field, "a field", true);
                }
                out.append("}\n");
            }
            case "type" -> {
                out.append("type ").append(name).append(" = ");
                text(required(node, keys, "is"), "a type");
                out.append('\n');
            }
            case "profile" -> profile(name, keys);
            case "prompt" -> prompt(node, name, keys);
            case "dataset" -> dataset(node, name, keys);
            case "eval" -> eval(node, name, keys);
            case "chain" -> chain(node, name, keys);
            default -> test(node, name, keys);
        }
    }

    private void profile(String name, Map<String, Node> keys) {
        out.append("profile ").append(name);
        if (keys.containsKey("extends")) {
            out.append(" extends ");
            text(keys.get("extends"), "a profile name");
        }
        out.append(" {\n");
        Map<String, Node> settings = keys.containsKey("settings") ? mapping(keys.get("settings"), "settings", null) : Map.of();
        if (settings != null) {
            settings.forEach((key, value) -> {
                out.append(key).append(" = ");
                settingValue(value);
                out.append('\n');
            });
        }
        out.append("}\n");
    }

    private void settingValue(Node value) {
        if (value instanceof SequenceNode list) {
            out.append('[');
            for (int i = 0; i < list.getValue().size(); i++) {
                out.append(i > 0 ? ", " : "");
                settingValue(list.getValue().get(i));
            }
            out.append(']');
        } else if (value instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL) || tag.equals(YamlForm.SOURCE_TAG)) {
                text(scalar, "a setting value");
            } else {
                out.append('"').append(Strings.convertToJavaString(scalar.getValue(), true)).append('"');
            }
        } else {
            problem(value, "a setting's value is a string, a number, true/false, null or a list of them");
        }
    }

    private void prompt(Node node, String name, Map<String, Node> keys) {
        out.append("prompt ").append(name).append('(');
        List<Node> parameters = sequence(keys.get("parameters"), "parameters");
        for (int i = 0; i < parameters.size(); i++) {
            out.append(i > 0 ? ", " : "");
            member(parameters.get(i), "a parameter", false);
        }
        out.append(") -> ");
        text(required(node, keys, "returns"), "the output type");
        if (keys.containsKey("using")) {
            out.append(" using ");
            text(keys.get("using"), "a profile name");
        }
        out.append(" {\n");
        for (Node message : sequence(keys.get("messages"), "messages")) {
            Map<String, Node> parts = mapping(message, "a message", Set.of("system", "user", "assistant", "history", "inline", "verbatim"));
            if (parts == null) {
                continue;
            }
            if (parts.containsKey("history")) {
                out.append("history ");
                text(parts.get("history"), "a chat parameter");
                out.append('\n');
                continue;
            }
            String role = List.of("system", "user", "assistant").stream().filter(parts::containsKey).findFirst().orElse(null);
            if (role == null) {
                problem(message, "a message needs one of the keys system, user, assistant, history");
                continue;
            }
            boolean inline = flag(parts, "inline");
            boolean verbatim = inline || flag(parts, "verbatim");
            String quotes = inline ? "\"" : "\"\"\"";
            out.append(role).append(' ').append(quotes);
            if (verbatim) {
                text(parts.get(role), "a template");
            } else {
                String body = scalar(parts.get(role), "a template");
                if (body != null) {
                    int start = out.length();
                    out.append(YamlForm.indent(body));
                    origins.add(new Origin(start, out.length(), parts.get(role)));
                }
            }
            out.append(quotes).append('\n');
        }
        out.append("}\n");
    }

    private void test(Node node, String name, Map<String, Node> keys) {
        out.append("test ").append(name).append(" for ");
        text(required(node, keys, "for"), "a prompt name");
        out.append(" {\n");
        if (keys.containsKey("input")) {
            out.append("input {\n");
            for (Node input : sequence(keys.get("input"), "input")) {
                member(input, "an input", false, " = ");
                out.append('\n');
            }
            out.append("}\n");
        }
        if (keys.containsKey("expect")) {
            out.append("expect {\n");
            for (Node assertion : sequence(keys.get("expect"), "expect")) {
                text(assertion, "an expectation");
                out.append('\n');
            }
            out.append("}\n");
        }
        out.append("}\n");
    }

    private void dataset(Node node, String name, Map<String, Node> keys) {
        out.append("dataset ").append(name).append(" for ");
        text(required(node, keys, "for"), "a prompt name");
        if (keys.containsKey("from")) {
            if (keys.containsKey("rows")) {
                problem(node, "a dataset has 'from' (a file) or 'rows', not both");
            }
            String file = scalar(keys.get("from"), "a file name");
            if (file != null) {
                out.append(" from \"").append(file.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            }
            return;
        }
        out.append(" {\n");
        for (Node row : sequence(keys.get("rows"), "rows")) {
            Map<String, Node> parts = mapping(row, "a row", Set.of("input", "expected"));
            if (parts == null) {
                continue;
            }
            text(required(row, parts, "input"), "a row's inputs");
            if (parts.containsKey("expected")) {
                out.append(" -> ");
                text(parts.get("expected"), "a row's expected answer");
            }
            out.append('\n');
        }
        out.append("}\n");
    }

    private void eval(Node node, String name, Map<String, Node> keys) {
        out.append("eval ").append(name).append(" {\nprompts ");
        names(required(node, keys, "prompts"), "prompts");
        out.append('\n');
        if (keys.containsKey("profiles")) {
            out.append("profiles ");
            names(keys.get("profiles"), "profiles");
            out.append('\n');
        }
        out.append("dataset ");
        text(required(node, keys, "dataset"), "a dataset name");
        out.append('\n');
        for (String clause : List.of("repeat", "threshold", "suite", "budget")) {
            if (keys.containsKey(clause)) {
                out.append(clause).append(' ');
                text(keys.get(clause), "a number");
                out.append('\n');
            }
        }
        out.append("assert {\n");
        for (Node assertion : sequence(required(node, keys, "assert"), "assert")) {
            Map<String, Node> parts = mapping(assertion, "an assertion", Set.of("name", "check", "weight"));
            if (parts == null) {
                continue;
            }
            text(required(assertion, parts, "name"), "an assertion's name");
            out.append(": ");
            text(required(assertion, parts, "check"), "an assertion's check");
            if (parts.containsKey("weight")) {
                out.append(" weight ");
                text(parts.get("weight"), "a weight");
            }
            out.append('\n');
        }
        out.append("}\n");
        if (keys.containsKey("pairwise")) {
            out.append("pairwise ");
            text(keys.get("pairwise"), "a judge's name");
            if (keys.containsKey("pairwise_profile")) {
                out.append(" using ");
                text(keys.get("pairwise_profile"), "a profile name");
            }
            out.append('\n');
        }
        out.append("}\n");
    }

    private void chain(Node node, String name, Map<String, Node> keys) {
        out.append("chain ").append(name).append('(');
        List<Node> parameters = sequence(keys.get("parameters"), "parameters");
        for (int i = 0; i < parameters.size(); i++) {
            out.append(i > 0 ? ", " : "");
            member(parameters.get(i), "a parameter", false);
        }
        out.append(") -> ");
        text(required(node, keys, "returns"), "the output type");
        out.append(" {\n");
        for (Node stage : sequence(keys.get("stages"), "stages")) {
            Map<String, Node> parts = mapping(stage, "a stage", null);
            if (parts == null) {
                continue;
            }
            List<String> names = parts.keySet().stream().filter(key -> !key.equals("comments")).toList();
            if (names.size() != 1) {
                problem(stage, "a stage is one 'name: step' pair (and optional comments)");
                continue;
            }
            comments(parts.get("comments"));
            out.append("stage ").append(names.get(0)).append(" = ");
            text(parts.get(names.get(0)), "a stage's step");
            out.append('\n');
        }
        if (keys.containsKey("return")) {
            out.append("return ");
            text(keys.get("return"), "the chain's result");
            out.append('\n');
        }
        out.append("}\n");
    }

    /** A list of names, written {@code A, B}. */
    private void names(Node node, String what) {
        List<Node> items = sequence(node, what);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            text(items.get(i), "a name");
        }
    }

    private boolean flag(Map<String, Node> keys, String key) {
        return keys.containsKey(key) && "true".equals(scalar(keys.get(key), key));
    }

    /** {@code - name: language text}, with optional comments: a field, a parameter, a test input. */
    private void member(Node node, String what, boolean ownLine) {
        member(node, what, ownLine, ": ");
        if (ownLine) {
            out.append('\n');
        }
    }

    private void member(Node node, String what, boolean allowComments, String separator) {
        Map<String, Node> keys = mapping(node, what, null);
        if (keys == null) {
            return;
        }
        List<String> names = keys.keySet().stream().filter(key -> !key.equals("comments")).toList();
        if (names.size() != 1 || !allowComments && keys.containsKey("comments")) {
            problem(node, what + " is one 'name: text' pair" + (allowComments ? " (and optional comments)" : ""));
            return;
        }
        comments(keys.get("comments"));
        out.append(names.get(0)).append(separator);
        text(keys.get(names.get(0)), what);
    }

    private void comments(Node node) {
        for (Node comment : sequence(node, "comments")) {
            String text = scalar(comment, "a comment");
            if (text == null) {
                continue;
            }
            String trimmed = text.strip();
            if (!(trimmed.startsWith("//") && !trimmed.contains("\n") || trimmed.startsWith("/*") && trimmed.endsWith("*/")
                    && !trimmed.substring(2, trimmed.length() - 2).contains("*/"))) {
                problem(comment, "a comment is '// …' on one line or '/* … */'");
                continue;
            }
            out.append(trimmed).append('\n');
        }
    }

    /** Appends language text taken from a YAML scalar, remembering where it came from. */
    private void text(Node node, String what) {
        String value = scalar(node, what);
        if (value == null) {
            return;
        }
        int start = out.length();
        out.append(value);
        origins.add(new Origin(start, out.length(), node));
    }

    private String parseAndFormat(Injector language) throws YamlException {
        String source = out.toString();
        XtextResourceSet resources = language.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resources.createResource(URI.createURI("yaml-import.pstudio"));
        try {
            resource.load(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new YamlException(List.of(fileName + ":1:1: " + e.getMessage()));
        }
        List<String> syntax = new ArrayList<>();
        for (INode error : resource.getParseResult().getSyntaxErrors()) {
            int offset = error.getOffset();
            // the parser notices a bad piece of text at the token after it: blame the last text that starts before the error
            Origin origin = origins.stream().filter(o -> o.start() <= offset).reduce((first, second) -> second).orElse(null);
            String message = error.getSyntaxErrorMessage().getMessage();
            if (origin != null) {
                syntax.add(at(origin.node()) + ": '" + source.substring(origin.start(), origin.end()).strip() + "' is not valid here: " + message);
            } else {
                syntax.add(fileName + ":1:1: the YAML does not make a valid prompt file: " + message);
            }
        }
        if (!syntax.isEmpty()) {
            throw new YamlException(syntax.stream().distinct().toList());
        }
        try {
            return language.getInstance(PromptFormatting.class).format(resource);
        } catch (PromptFormatting.NotFormattableException e) {
            throw new YamlException(List.of(fileName + ":1:1: " + e.getMessage()));
        }
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, what + " must be a mapping (key: value lines)");
            return null;
        }
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            // composing to nodes does not refuse duplicates (only loading to objects does): a second value would be lost
            if (key != null && keys.put(key, tuple.getValueNode()) != null) {
                problem(tuple.getKeyNode(), "duplicate key '" + key + "' in " + what);
            }
        }
        return allowed == null || checkKeys(node, keys, allowed, what) ? keys : null;
    }

    private boolean checkKeys(Node node, Map<String, Node> keys, Set<String> allowed, String what) {
        boolean fine = true;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !allowed.contains(key.getValue())) {
                    problem(tuple.getKeyNode(), "unknown key '" + key.getValue() + "' in " + what + " (known: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                    fine = false;
                }
            }
        }
        return fine;
    }

    private List<Node> sequence(Node node, String what) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(node, "'" + what + "' must be a list ('- item' lines)");
        return List.of();
    }

    private Node required(Node owner, Map<String, Node> keys, String key) {
        Node value = keys.get(key);
        if (value == null) {
            problem(owner, "missing '" + key + "'");
        }
        return value;
    }

    private String scalar(Node node, String what) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(node, what + " must be a single value, not a list or a mapping");
        return null;
    }

    private void problem(Node node, String message) {
        problems.add(at(node) + ": " + message);
    }

    private String at(Node node) {
        Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
        return fileName + ":" + mark.map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("1:1");
    }
}
