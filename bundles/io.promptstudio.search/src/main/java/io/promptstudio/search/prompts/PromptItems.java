package io.promptstudio.search.prompts;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Message;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.promptStudio.TypeDeclaration;
import io.promptstudio.dsl.render.PromptRenderer;
import io.promptstudio.search.index.IndexedItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * What the index holds for a prompt file: one item per prompt (its qualified name, signature, documentation and
 * template text), per type and per profile. Tags come from {@code @tag} lines in the documentation comment:
 * <pre>
 * /** Sorts a ticket into a queue.
 *     &#64;tag support, triage *&#47;
 * </pre>
 */
public final class PromptItems {

    private static final Pattern TAG_LINE = Pattern.compile("(?m)^\\s*@tags?\\s+(.+)$");

    private PromptItems() {
    }

    /** The items of a loaded file; a file that did not parse gives what its parsed part declares. */
    public static List<IndexedItem> of(LanguageWorkspace workspace, Path file, String project, long modified) {
        PromptModel model = workspace.model(file).orElse(null);
        if (model == null) {
            return List.of();
        }
        IQualifiedNameProvider names = workspace.languageInjector().getInstance(IQualifiedNameProvider.class);
        IEObjectDocumentationProvider docs = workspace.languageInjector().getInstance(IEObjectDocumentationProvider.class);
        String source = file.toAbsolutePath().normalize().toString();
        List<IndexedItem> items = new ArrayList<>();
        for (Element element : model.getElements()) {
            String name = name(element, names);
            if (name == null) {
                continue;
            }
            String documentation = docs.getDocumentation(element);
            List<String> tags = documentation == null ? List.of() : tags(documentation);
            String description = documentation == null ? "" : TAG_LINE.matcher(documentation).replaceAll("").strip();
            ICompositeNode node = NodeModelUtils.getNode(element);
            int line = node == null ? 1 : node.getStartLine();
            StringBuilder text = new StringBuilder();
            String type;
            if (element instanceof Prompt prompt) {
                type = IndexedItem.PROMPT;
                text.append(signature(prompt)).append('\n');
                if (!description.isEmpty()) {
                    text.append(description).append('\n');
                }
                for (Message message : prompt.getMessages()) {
                    if (message instanceof TemplateMessage template && template.getTemplate() != null) {
                        text.append(template.getRole().getLiteral()).append(": ").append(PromptRenderer.templateText(template).strip()).append('\n');
                    }
                }
            } else if (element instanceof TypeDeclaration) {
                type = "type";
                text.append(node == null ? name : NodeModelUtils.getTokenText(node)).append('\n').append(description);
            } else if (element instanceof Profile) {
                type = "profile";
                text.append(node == null ? name : NodeModelUtils.getTokenText(node)).append('\n').append(description);
            } else {
                continue;
            }
            items.add(new IndexedItem("prompt:" + source + "#" + name, type, source, project, name, text.toString().strip(), tags, line,
                    "line " + line, modified));
        }
        return items;
    }

    private static String name(EObject element, IQualifiedNameProvider names) {
        QualifiedName qualified = names.getFullyQualifiedName(element);
        return qualified == null ? null : qualified.toString();
    }

    /** The header as written, up to its body: {@code prompt Triage(ticket: Ticket) -> Queue using fast}. */
    static String signature(Prompt prompt) {
        ICompositeNode node = NodeModelUtils.getNode(prompt);
        if (node == null) {
            return "prompt " + prompt.getName();
        }
        String text = NodeModelUtils.getTokenText(node);
        int body = text.indexOf('{');
        return (body < 0 ? text : text.substring(0, body)).strip();
    }

    static List<String> tags(String documentation) {
        List<String> tags = new ArrayList<>();
        Matcher matcher = TAG_LINE.matcher(documentation);
        while (matcher.find()) {
            for (String tag : matcher.group(1).split("[,\\s]+")) {
                if (!tag.isBlank()) {
                    tags.add(tag.strip().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return tags;
    }
}
