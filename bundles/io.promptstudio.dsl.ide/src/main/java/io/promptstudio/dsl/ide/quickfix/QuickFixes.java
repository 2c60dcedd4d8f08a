package io.promptstudio.dsl.ide.quickfix;

import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.chain.ChainTypes;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Dataset;
import io.promptstudio.dsl.promptStudio.DatasetRow;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.MapStep;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.Refinement;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.validation.IssueCodes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Fixes for the checker's findings, as text edits: the language server offers them as code actions and the
 * workbench editor as quick fixes. A typo gets "Change to …" with the nearest known names; an unknown template
 * variable can also be declared as a parameter; a test missing inputs gets them added with typed placeholders.
 */
public final class QuickFixes {

    /** Replace {@code length} characters at {@code offset} with {@code text}. */
    public record Edit(int offset, int length, String text) {
    }

    /** A fix a user can pick: what it does, and its edits. */
    public record Fix(String title, List<Edit> edits) {
    }

    private static final Set<String> TYPO_CODES = Set.of(IssueCodes.UNKNOWN_VARIABLE, IssueCodes.UNKNOWN_MEMBER, IssueCodes.UNKNOWN_FILTER,
            IssueCodes.UNKNOWN_ANNOTATION, IssueCodes.UNKNOWN_PROVIDER, IssueCodes.UNKNOWN_FUNCTION, IssueCodes.UNKNOWN_SETTING);
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern CANDIDATES = Pattern.compile("\\((?:known|fields): ([^)]*)\\)");

    private QuickFixes() {
    }

    /** The fixes for one finding, best first; empty when there is none. */
    public static List<Fix> fixes(XtextResource resource, String code, int offset, int length, String message) {
        String text = resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText();
        if (code == null || offset < 0 || offset + length > text.length()) {
            return List.of();
        }
        List<Fix> fixes = new ArrayList<>();
        String found = text.substring(offset, offset + length);
        EObject at = elementAt(resource, offset);
        if (TYPO_CODES.contains(code)) {
            Matcher quoted = QUOTED.matcher(message);
            String wrong = quoted.find() ? quoted.group(1).replaceFirst("^@", "") : found;
            for (String candidate : nearest(wrong, candidates(code, message, at))) {
                fixes.add(new Fix("Change to '" + candidate + "'", List.of(new Edit(offset, length, found.replace(wrong, candidate)))));
            }
            if (code.equals(IssueCodes.UNKNOWN_VARIABLE)) {
                Prompt prompt = EcoreUtil2.getContainerOfType(at, Prompt.class);
                if (prompt != null && wrong.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    fixes.add(declareParameter(prompt, wrong));
                }
            }
        } else if (code.equals(IssueCodes.CHAIN_UNBOUNDED_LOOP)) {
            Refinement loop = EcoreUtil2.getContainerOfType(at, Refinement.class);
            if (loop != null) {
                fixes.add(boundLoop(loop, text));
            }
        } else if (code.equals(IssueCodes.MISSING_TEST_INPUT) && EcoreUtil2.getContainerOfType(at, Invocation.class) != null) {
            Invocation call = EcoreUtil2.getContainerOfType(at, Invocation.class);
            if (call.getTarget() != null && !call.getTarget().eIsProxy()) {
                fixes.add(addCallInputs(call));
            }
        } else if (code.equals(IssueCodes.MISSING_TEST_INPUT)) {
            TestCase test = EcoreUtil2.getContainerOfType(at, TestCase.class);
            DatasetRow row = EcoreUtil2.getContainerOfType(at, DatasetRow.class);
            if (test != null && test.getPrompt() != null && !test.getPrompt().eIsProxy()) {
                fixes.add(addInputs(test, text));
            } else if (row != null && row.eContainer() instanceof Dataset dataset && dataset.getPrompt() != null
                    && !dataset.getPrompt().eIsProxy()) {
                fixes.add(addRowInputs(row, dataset.getPrompt()));
            }
        }
        return fixes;
    }

    private static List<String> candidates(String code, String message, EObject at) {
        Stage stage = EcoreUtil2.getContainerOfType(at, Stage.class);
        Chain chain = EcoreUtil2.getContainerOfType(at, Chain.class);
        if (code.equals(IssueCodes.UNKNOWN_VARIABLE) && chain != null) {
            List<String> names = new ArrayList<>();
            chain.getParameters().forEach(parameter -> names.add(parameter.getName()));
            chain.getStages().forEach(each -> names.add(each.getName()));
            if (stage != null && stage.getStep() instanceof MapStep map) {
                names.add(map.getVariable());
            }
            if (stage != null && stage.getStep() instanceof Refinement) {
                names.add(ChainGraph.CRITIQUE);
            }
            return names;
        }
        if (code.equals(IssueCodes.UNKNOWN_VARIABLE)) {
            Prompt prompt = EcoreUtil2.getContainerOfType(at, Prompt.class);
            List<String> names = new ArrayList<>();
            if (prompt != null) {
                prompt.getParameters().forEach(parameter -> names.add(parameter.getName()));
            }
            if (EcoreUtil2.getContainerOfType(at, TestCase.class) != null) {
                names.add("output");
            }
            return names;
        }
        Matcher listed = CANDIDATES.matcher(message);
        if (!listed.find()) {
            return List.of();
        }
        return Arrays.stream(listed.group(1).split(",\\s*")).map(name -> name.replaceFirst("^@", "")).filter(name -> !name.isBlank()).toList();
    }

    /** Up to three names closest to the wrong one, no further than about a third of its length. */
    static List<String> nearest(String wrong, List<String> candidates) {
        int limit = Math.max(2, wrong.length() / 3);
        return candidates.stream().distinct().filter(candidate -> !candidate.equals(wrong))
                .filter(candidate -> distance(wrong.toLowerCase(), candidate.toLowerCase()) <= limit)
                .sorted(Comparator.comparingInt((String candidate) -> distance(wrong.toLowerCase(), candidate.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(3).toList();
    }

    /** Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters is one typo. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Adds {@code max 3} as the loop's last clause: three revisions, a bound a user can then tune. */
    private static Fix boundLoop(Refinement loop, String text) {
        INode node = NodeModelUtils.findActualNodeFor(loop);
        int brace = node.getEndOffset() - 1;
        while (brace > node.getOffset() && text.charAt(brace) != '}') {
            brace--;
        }
        int lineStart = text.lastIndexOf('\n', brace - 1) + 1;
        String indent = text.substring(lineStart, brace).isBlank() ? text.substring(lineStart, brace) : "";
        return new Fix("Add 'max 3'", List.of(new Edit(indent.isEmpty() ? brace : lineStart, 0, indent.isEmpty() ? " max 3 " : indent + "  max 3\n")));
    }

    /** Gives a call the inputs it lacks, with typed placeholders, after those it has. */
    private static Fix addCallInputs(Invocation call) {
        Set<String> given = new HashSet<>();
        call.getArguments().forEach(argument -> given.add(argument.getName()));
        List<Parameter> missing = ChainTypes.parameters(call.getTarget()).stream().filter(parameter -> !given.contains(parameter.getName())
                && parameter.getDefault() == null && !Types.isOptional(parameter.getType())).toList();
        String title = "Add input" + (missing.size() > 1 ? "s " : " ")
                + String.join(", ", missing.stream().map(parameter -> "'" + parameter.getName() + "'").toList());
        StringBuilder added = new StringBuilder();
        for (Parameter parameter : missing) {
            added.append(added.isEmpty() && call.getArguments().isEmpty() ? "" : ", ").append(parameter.getName()).append(": ")
                    .append(placeholder(parameter.getType(), 0));
        }
        INode node = NodeModelUtils.findActualNodeFor(call);
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getText().equals(")") && leaf.getSemanticElement() == call) {
                return new Fix(title, List.of(new Edit(leaf.getOffset(), 0, added.toString())));
            }
        }
        return new Fix(title, List.of());
    }

    private static Fix declareParameter(Prompt prompt, String name) {
        INode promptNode = NodeModelUtils.findActualNodeFor(prompt);
        String declaration = name + ": string";
        if (!prompt.getParameters().isEmpty()) {
            INode last = NodeModelUtils.findActualNodeFor(prompt.getParameters().get(prompt.getParameters().size() - 1));
            return new Fix("Declare parameter '" + declaration + "'", List.of(new Edit(last.getEndOffset(), 0, ", " + declaration)));
        }
        for (ILeafNode leaf : promptNode.getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getText().equals("(")) {
                return new Fix("Declare parameter '" + declaration + "'", List.of(new Edit(leaf.getEndOffset(), 0, declaration)));
            }
        }
        return new Fix("Declare parameter '" + declaration + "'", List.of());
    }

    private static Fix addInputs(TestCase test, String text) {
        Prompt prompt = test.getPrompt();
        Set<Parameter> given = new HashSet<>();
        test.getArguments().forEach(argument -> given.add(argument.getParameter()));
        List<Parameter> missing = prompt.getParameters().stream()
                .filter(parameter -> !given.contains(parameter) && parameter.getDefault() == null && !Types.isOptional(parameter.getType()))
                .toList();
        INode testNode = NodeModelUtils.findActualNodeFor(test);
        String indent = "    ";
        StringBuilder lines = new StringBuilder();
        for (Parameter parameter : missing) {
            lines.append(indent).append(parameter.getName()).append(" = ").append(placeholder(parameter.getType(), 0)).append('\n');
        }
        String title = "Add input" + (missing.size() > 1 ? "s " : " ")
                + String.join(", ", missing.stream().map(parameter -> "'" + parameter.getName() + "'").toList());
        ILeafNode inputKeyword = null;
        ILeafNode openBrace = null;
        for (ILeafNode leaf : testNode.getLeafNodes()) {
            if (leaf.isHidden()) {
                continue;
            }
            if (leaf.getText().equals("input") && leaf.getSemanticElement() == test) {
                inputKeyword = leaf;
            } else if (leaf.getText().equals("{")) {
                if (inputKeyword != null) {
                    // the brace that opens the existing input block: the inputs go first in it
                    return new Fix(title, List.of(new Edit(leaf.getEndOffset(), 0, "\n" + lines.toString().stripTrailing())));
                }
                openBrace = openBrace == null ? leaf : openBrace;
            }
        }
        if (openBrace == null) {
            return new Fix(title, List.of());
        }
        return new Fix(title, List.of(new Edit(openBrace.getEndOffset(), 0, "\n  input {\n" + lines + "  }")));
    }

    /** Adds a dataset row's missing required inputs, with placeholder values, at the end of its inputs. */
    private static Fix addRowInputs(DatasetRow row, Prompt prompt) {
        Set<String> given = new HashSet<>();
        row.getInputs().getEntries().forEach(entry -> given.add(entry.getKey()));
        List<Parameter> missing = prompt.getParameters().stream().filter(parameter -> !given.contains(parameter.getName())
                && parameter.getDefault() == null && !Types.isOptional(parameter.getType())).toList();
        String title = "Add input" + (missing.size() > 1 ? "s " : " ")
                + String.join(", ", missing.stream().map(parameter -> "'" + parameter.getName() + "'").toList());
        StringBuilder added = new StringBuilder();
        for (Parameter parameter : missing) {
            added.append(added.isEmpty() && row.getInputs().getEntries().isEmpty() ? " " : ", ").append(parameter.getName()).append(": ")
                    .append(placeholder(parameter.getType(), 0));
        }
        var entries = row.getInputs().getEntries();
        if (!entries.isEmpty()) {
            // after the last input: { review: "…", product: "…"‸ }
            return new Fix(title, List.of(new Edit(NodeModelUtils.findActualNodeFor(entries.get(entries.size() - 1)).getEndOffset(), 0,
                    added.toString())));
        }
        for (ILeafNode leaf : NodeModelUtils.findActualNodeFor(row.getInputs()).getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getText().equals("{")) {
                return new Fix(title, List.of(new Edit(leaf.getEndOffset(), 0, added.toString())));
            }
        }
        return new Fix(title, List.of());
    }

    /** A value of the type for a new test input: the user replaces it, and it checks in the meantime. */
    static String placeholder(TypeRef type, int depth) {
        TypeRef resolved = Types.resolve(type);
        if (Types.isOptional(resolved)) {
            return "null";
        }
        if (resolved instanceof io.promptstudio.dsl.promptStudio.PrimitiveType primitive) {
            return switch (primitive.getKind()) {
                case STRING -> "\"\"";
                case INT -> "0";
                case FLOAT -> "0.0";
                case BOOL -> "false";
                case CHAT -> "[]";
            };
        }
        if (resolved instanceof io.promptstudio.dsl.promptStudio.ListType) {
            return "[]";
        }
        if (resolved instanceof io.promptstudio.dsl.promptStudio.MapType) {
            return "{}";
        }
        if (resolved instanceof io.promptstudio.dsl.promptStudio.LiteralType literal) {
            return NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(literal));
        }
        if (resolved instanceof io.promptstudio.dsl.promptStudio.UnionType union && !union.getMembers().isEmpty()) {
            return placeholder(union.getMembers().get(0), depth);
        }
        var declaration = Types.declaration(resolved).orElse(null);
        if (declaration instanceof EnumType enumType && !enumType.getValues().isEmpty()) {
            return enumType.getName() + "." + enumType.getValues().get(0).getName();
        }
        if (declaration instanceof io.promptstudio.dsl.promptStudio.RecordType record && depth < 3) {
            List<String> entries = new ArrayList<>();
            record.getFields().stream().filter(field -> !Types.isOptional(field.getType()))
                    .forEach(field -> entries.add(field.getName() + ": " + placeholder(field.getType(), depth + 1)));
            return entries.isEmpty() ? "{}" : "{ " + String.join(", ", entries) + " }";
        }
        return "null";
    }

    private static EObject elementAt(XtextResource resource, int offset) {
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        return leaf == null ? null : leaf.getSemanticElement();
    }
}
