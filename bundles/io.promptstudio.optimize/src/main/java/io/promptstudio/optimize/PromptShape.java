package io.promptstudio.optimize;

import io.promptstudio.dsl.promptStudio.Message;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.Role;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.render.PromptRenderer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * A prompt as an optimizer sees it: the file's text around it, its messages, and which message is the instruction.
 * It writes a {@link Candidate} back as the prompt's declaration (for a candidate's own file) or as the whole file
 * with the prompt replaced (the new version that adopting a candidate writes); nothing but the instruction's text
 * and the demonstrations changes.
 */
public final class PromptShape {

    /** A name a template reads: {@code {{ name … }}} or inside a {@code {% … %}} tag. */
    private static final Pattern TAG = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String TRIPLE_QUOTE = "\"\"\"";

    private final String name;
    private final String fileText;
    private final int promptStart;
    private final int promptEnd;
    /** Where the instruction's template literal starts and ends: the only text a candidate rewrites. */
    private final int templateStart;
    private final int templateEnd;
    /** Where demonstrations go: after a system instruction, else before the instruction. */
    private final int demosAt;
    private final boolean instructionIsSystem;
    private final String messageIndent;
    private final Set<String> requiredNames;
    private final Candidate start;

    private PromptShape(Prompt prompt) {
        this.name = prompt.getName();
        XtextResource resource = (XtextResource) prompt.eResource();
        this.fileText = resource.getParseResult().getRootNode().getText();
        ICompositeNode node = NodeModelUtils.findActualNodeFor(prompt);
        this.promptStart = node.getOffset();
        this.promptEnd = node.getEndOffset();
        if (prompt.getMessages().isEmpty()) {
            throw new IllegalArgumentException("prompt " + name + " has no messages: there is no instruction to optimize");
        }
        int system = -1;
        int first = -1;
        for (int i = 0; i < prompt.getMessages().size(); i++) {
            Message message = prompt.getMessages().get(i);
            if (message instanceof TemplateMessage template) {
                first = first < 0 ? i : first;
                if (system < 0 && template.getRole() == Role.SYSTEM) {
                    system = i;
                }
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("prompt " + name + " has only history messages: there is no instruction to optimize");
        }
        int instructionIndex = system >= 0 ? system : first;
        this.instructionIsSystem = system >= 0;
        TemplateMessage instructionMessage = (TemplateMessage) prompt.getMessages().get(instructionIndex);
        ICompositeNode messageNode = NodeModelUtils.findActualNodeFor(instructionMessage);
        org.eclipse.xtext.nodemodel.INode template = NodeModelUtils.findNodesForFeature(instructionMessage,
                io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals.TEMPLATE_MESSAGE__TEMPLATE).get(0);
        this.templateStart = template.getOffset();
        this.templateEnd = template.getEndOffset();
        this.demosAt = instructionIsSystem ? messageNode.getEndOffset() : messageNode.getOffset();
        int lineStart = fileText.lastIndexOf('\n', messageNode.getOffset()) + 1;
        String before = fileText.substring(lineStart, messageNode.getOffset());
        this.messageIndent = before.isBlank() ? before : "  ";
        String instruction = PromptRenderer.templateText(instructionMessage);
        this.start = new Candidate(instruction, List.of());
        Set<String> inputs = new LinkedHashSet<>(List.of("output_format"));
        prompt.getParameters().forEach(parameter -> inputs.add(parameter.getName()));
        Set<String> read = namesRead(instruction);
        read.retainAll(inputs);
        this.requiredNames = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(read));
    }

    /** The shape of a prompt the language has loaded (with its file's node model). */
    public static PromptShape of(Prompt prompt) {
        return new PromptShape(prompt);
    }

    public String promptName() {
        return name;
    }

    /** The prompt as written: its instruction, and no demonstrations. */
    public Candidate start() {
        return start;
    }

    /**
     * The inputs the written instruction reads, and {@code output_format} if it shows it: a candidate must read
     * them too, or it would drop the prompt's inputs or its output contract.
     */
    public Set<String> requiredNames() {
        return requiredNames;
    }

    /** Why the candidate cannot stand in for the prompt, or null when it can be written and checked. */
    public String problem(Candidate candidate) {
        if (candidate.instruction().isBlank()) {
            return "the instruction is empty";
        }
        if (candidate.instruction().contains(TRIPLE_QUOTE)) {
            return "the instruction holds \"\"\", which ends a template";
        }
        Set<String> missing = new LinkedHashSet<>(requiredNames);
        missing.removeAll(namesRead(candidate.instruction()));
        if (!missing.isEmpty()) {
            return "the instruction no longer reads " + String.join(", ", missing.stream().map(each -> "{{ " + each + " }}").toList());
        }
        for (Candidate.Demo demo : candidate.demos()) {
            if (!usableDemoText(demo.input()) || !usableDemoText(demo.output())) {
                return "a demonstration holds template syntax or \"\"\"";
            }
        }
        return null;
    }

    /** Whether text can be shown as a demonstration as it is: the template language would read braces and tags. */
    public static boolean usableDemoText(String text) {
        return !text.isBlank() && !text.contains(TRIPLE_QUOTE) && !text.contains("{{") && !text.contains("{%") && !text.contains("{#");
    }

    /** The prompt's declaration with the candidate's instruction and demonstrations. */
    public String declaration(Candidate candidate) {
        String file = fileWith(candidate);
        return file.substring(promptStart, promptEnd + file.length() - fileText.length());
    }

    /**
     * The whole file with the candidate in the prompt: the instruction's template replaced and the demonstrations
     * inserted, every other character (its role, other messages, comments, blank lines) as written.
     */
    public String fileWith(Candidate candidate) {
        StringBuilder demos = new StringBuilder();
        for (Candidate.Demo demo : candidate.demos()) {
            String pair = block("user", demo.input()) + "\n" + messageIndent + block("assistant", demo.output());
            demos.append(instructionIsSystem ? "\n" + messageIndent + pair : pair + "\n" + messageIndent);
        }
        String literal = literal(candidate.instruction());
        if (demosAt >= templateEnd) {
            return fileText.substring(0, templateStart) + literal + fileText.substring(templateEnd, demosAt) + demos + fileText.substring(demosAt);
        }
        return fileText.substring(0, demosAt) + demos + fileText.substring(demosAt, templateStart) + literal + fileText.substring(templateEnd);
    }

    /** The file as it was loaded. */
    public String fileText() {
        return fileText;
    }

    private String block(String role, String text) {
        return role + ' ' + literal(text);
    }

    /** A template as the formatter lays out a multi-line one: the body one step in from the role, the closing quotes at the role. */
    private String literal(String text) {
        StringBuilder block = new StringBuilder(TRIPLE_QUOTE).append('\n');
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\n", -1)) {
            block.append(line.isBlank() ? "" : messageIndent + "  " + line).append('\n');
        }
        return block.append(messageIndent).append(TRIPLE_QUOTE).toString();
    }

    /** The first name of each expression and tag in a template: {@code {{ row.name }}} reads {@code row}. */
    static Set<String> namesRead(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher tags = TAG.matcher(template);
        while (tags.find()) {
            String inside = tags.group(1) != null ? tags.group(1) : tags.group(2);
            Matcher word = NAME.matcher(inside);
            boolean expression = tags.group(1) != null;
            while (word.find()) {
                String found = word.group();
                if (expression) {
                    names.add(found);
                    break;
                }
                if (!Set.of("for", "in", "if", "elif", "else", "endif", "endfor", "and", "or", "not", "true", "false", "null").contains(found)
                        && (word.start() == 0 || inside.charAt(word.start() - 1) != '.')) {
                    names.add(found);
                }
            }
        }
        return names;
    }
}
