package io.promptstudio.dsl.ide.contentassist;

import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.chain.ChainTypes;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.validation.TemplateValidator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Completion for the language: Xtext's proposals for keywords and names, plus, inside a template's
 * {@code {{ … }}} or {@code {% … %}}, the prompt's parameters, the variables of enclosing {@code for} loops,
 * {@code output_format}, the fields of a record after a dot, and filters after a {@code |}.
 */
public class PromptStudioContentProposalProvider extends IdeContentProposalProvider {

    private static final Pattern OPEN_LOOP = Pattern.compile("\\{%-?\\s*for\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\s+([A-Za-z_][A-Za-z0-9_.]*)\\s*-?%}");
    private static final Pattern END_LOOP = Pattern.compile("\\{%-?\\s*endfor\\s*-?%}");
    private static final Pattern PATH_AT_END = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)?(\\.)?([A-Za-z_][A-Za-z0-9_]*)?$");

    @Override
    public void createProposals(Collection<ContentAssistContext> contexts, IIdeContentProposalAcceptor acceptor) {
        for (ContentAssistContext context : contexts) {
            if (proposeInsideTemplate(context, acceptor)) {
                return;
            }
        }
        if (!contexts.isEmpty()) {
            proposeInsideChain(contexts.iterator().next(), acceptor);
        }
        super.createProposals(contexts, acceptor);
    }

    private static final Pattern ARGUMENT_NAME_AT_END = Pattern.compile("[(,]\\s*([A-Za-z_][A-Za-z0-9_]*)?$");

    /**
     * In a chain: after {@code name.} the fields of what the name holds; where a call's input is named, the inputs the
     * called prompt or chain still lacks; elsewhere in an expression, the chain's inputs and stages (and what the stage
     * binds: a map's item, a refinement's draft and critique), each with its type.
     */
    private void proposeInsideChain(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        if (context.getRootModel() == null || context.getRootNode() == null) {
            return;
        }
        int offset = context.getOffset();
        Chain chain = null;
        for (Chain each : EcoreUtil2.getAllContentsOfType(context.getRootModel(), Chain.class)) {
            INode node = NodeModelUtils.findActualNodeFor(each);
            if (node != null && node.getOffset() < offset && offset <= node.getEndOffset()) {
                chain = each;
            }
        }
        if (chain == null) {
            return;
        }
        INode chainNode = NodeModelUtils.findActualNodeFor(chain);
        String before = context.getRootNode().getText().substring(chainNode.getOffset(), offset);
        Stage stage = null;
        for (Stage each : chain.getStages()) {
            INode node = NodeModelUtils.findActualNodeFor(each);
            if (node != null && node.getOffset() < offset && offset <= node.getEndOffset() + 1) {
                stage = each;
            }
        }
        var scope = stage == null ? ChainTypes.chainScope(chain) : ChainTypes.scope(stage, stage);
        Matcher path = PATH_AT_END.matcher(before);
        String head = path.find() ? path.group(1) : null;
        String typed = path.group(3) == null ? "" : path.group(3);
        if (head != null && path.group(2) == null) {
            // the greedy path took the partial last segment too: "routing.su" is head "routing", typed "su"
            int last = head.lastIndexOf('.');
            typed = head.substring(last + 1);
            head = last < 0 ? null : head.substring(0, last);
        }
        if (head != null) {
            String[] segments = head.split("\\.");
            ChainTypes.Scope found = scope.apply(segments[0]);
            TypeRef type = found == null ? null : found.type();
            for (int i = 1; i < segments.length && type != null; i++) {
                type = Types.member(type, segments[i]).orElse(null);
            }
            for (String field : type == null ? java.util.Set.<String>of() : Types.memberNames(type)) {
                if (field.startsWith(typed)) {
                    accept(acceptor, field, typed, ContentAssistEntry.KIND_FIELD, Types.describe(Types.member(type, field).orElse(null)));
                }
            }
            return;
        }
        Matcher argument = ARGUMENT_NAME_AT_END.matcher(before);
        Invocation call = stage == null ? null : openCall(stage, offset);
        if (call != null && argument.find() && call.getTarget() != null && !call.getTarget().eIsProxy()) {
            String named = argument.group(1) == null ? "" : argument.group(1);
            java.util.Set<String> given = new java.util.HashSet<>();
            call.getArguments().forEach(each -> given.add(each.getName()));
            for (Parameter parameter : ChainTypes.parameters(call.getTarget())) {
                if (!given.contains(parameter.getName()) && parameter.getName().startsWith(named)) {
                    accept(acceptor, parameter.getName() + ": ", named, ContentAssistEntry.KIND_PROPERTY, Types.describe(parameter.getType()));
                }
            }
            return;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        chain.getParameters().forEach(parameter -> names.add(parameter.getName()));
        chain.getStages().stream().filter(each -> each.getName() != null).forEach(each -> names.add(each.getName()));
        if (stage != null && stage.getStep() instanceof io.promptstudio.dsl.promptStudio.MapStep map && map.getVariable() != null) {
            names.add(map.getVariable());
        }
        if (stage != null && stage.getStep() instanceof io.promptstudio.dsl.promptStudio.Refinement) {
            names.add(ChainGraph.CRITIQUE);
        }
        for (String name : names.stream().distinct().toList()) {
            ChainTypes.Scope found = scope.apply(name);
            if (name.startsWith(typed) && found != null && (stage == null || !name.equals(stage.getName()) || found.kind() != ChainTypes.Scope.Kind.STAGE)) {
                accept(acceptor, name, typed, ContentAssistEntry.KIND_VARIABLE, Types.describe(found.type()));
            }
        }
    }

    /** The call of the stage whose parentheses hold the caret, or null. */
    private static Invocation openCall(Stage stage, int offset) {
        for (Invocation call : ChainGraph.invocations(stage.getStep())) {
            INode node = NodeModelUtils.findActualNodeFor(call);
            if (node == null) {
                continue;
            }
            int open = node.getText().indexOf('(');
            int close = node.getText().lastIndexOf(')');
            int start = node.getOffset() + (open < 0 ? node.getLength() : open);
            int end = close < 0 ? Integer.MAX_VALUE : node.getOffset() + close;
            if (start < offset && offset <= end) {
                return call;
            }
        }
        return null;
    }

    /** Whether the caret is inside a template's tag; then the proposals are the template's names, and only those. */
    private boolean proposeInsideTemplate(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        if (context.getRootNode() == null) {
            return false;
        }
        int offset = context.getOffset();
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(context.getRootNode(), Math.max(0, offset - 1));
        if (leaf == null || !(leaf.getSemanticElement() instanceof TemplateMessage message) || offset <= leaf.getOffset()
                || offset >= leaf.getEndOffset()) {
            return false;
        }
        String before = leaf.getText().substring(0, offset - leaf.getOffset());
        int placeholder = before.lastIndexOf("{{");
        int tag = before.lastIndexOf("{%");
        int open = Math.max(placeholder, tag);
        if (open < 0 || before.indexOf(placeholder > tag ? "}}" : "%}", open) >= 0 || open > 0 && before.charAt(open - 1) == '\\') {
            return false;
        }
        Prompt prompt = EcoreUtil2.getContainerOfType(message, Prompt.class);
        if (prompt == null) {
            return false;
        }
        String inside = before.substring(open + 2);
        int pipe = inside.lastIndexOf('|');
        if (placeholder > tag && pipe >= 0) {
            String typed = inside.substring(pipe + 1).stripLeading();
            TemplateValidator.FILTERS.keySet().stream().sorted().filter(name -> name.startsWith(typed))
                    .forEach(name -> accept(acceptor, name, typed, ContentAssistEntry.KIND_FUNCTION, "filter"));
            return true;
        }
        Map<String, TypeRef> variables = new LinkedHashMap<>();
        for (Parameter parameter : prompt.getParameters()) {
            variables.put(parameter.getName(), parameter.getType());
        }
        addLoopVariables(before, variables);
        Matcher path = PATH_AT_END.matcher(inside);
        String head = path.find() ? path.group(1) : null;
        boolean dot = path.group(2) != null;
        String typed = path.group(3) == null ? "" : path.group(3);
        if (head != null && !dot) {
            // the greedy path took the partial last segment too: "ticket.cu" is head "ticket", typed "cu"
            int last = head.lastIndexOf('.');
            typed = head.substring(last + 1);
            head = last < 0 ? null : head.substring(0, last);
        }
        if (head == null) {
            for (var variable : variables.entrySet()) {
                if (variable.getKey().startsWith(typed)) {
                    accept(acceptor, variable.getKey(), typed, ContentAssistEntry.KIND_VARIABLE,
                            variable.getValue() == null ? "loop variable" : Types.describe(variable.getValue()));
                }
            }
            if (placeholder > tag && TemplateValidator.OUTPUT_FORMAT.startsWith(typed)) {
                accept(acceptor, TemplateValidator.OUTPUT_FORMAT, typed, ContentAssistEntry.KIND_PROPERTY, "the output type's JSON Schema");
            }
            return true;
        }
        TypeRef type = resolve(head, variables);
        for (String field : type == null ? java.util.Set.<String>of() : Types.memberNames(type)) {
            if (field.startsWith(typed)) {
                accept(acceptor, field, typed, ContentAssistEntry.KIND_FIELD, Types.describe(Types.member(type, field).orElse(null)));
            }
        }
        return true;
    }

    /** Variables of {@code {% for %}} loops that are still open at the caret, typed by their list's element type. */
    private static void addLoopVariables(String before, Map<String, TypeRef> variables) {
        java.util.Deque<Map.Entry<String, String>> open = new java.util.ArrayDeque<>();
        Matcher loops = Pattern.compile(OPEN_LOOP.pattern() + "|" + END_LOOP.pattern()).matcher(before);
        while (loops.find()) {
            if (loops.group(1) != null) {
                open.push(Map.entry(loops.group(1), loops.group(2)));
            } else if (!open.isEmpty()) {
                open.pop();
            }
        }
        java.util.List<Map.Entry<String, String>> outermostFirst = new java.util.ArrayList<>(open);
        java.util.Collections.reverse(outermostFirst);
        for (var loop : outermostFirst) {
            TypeRef list = resolve(loop.getValue(), variables);
            variables.put(loop.getKey(), list == null ? null : Types.elementOf(Types.unwrapOptional(list)));
        }
    }

    private static TypeRef resolve(String path, Map<String, TypeRef> variables) {
        String[] segments = path.split("\\.");
        TypeRef type = variables.get(segments[0]);
        for (int i = 1; i < segments.length && type != null; i++) {
            type = Types.member(type, segments[i]).orElse(null);
        }
        return type;
    }

    private static void accept(IIdeContentProposalAcceptor acceptor, String proposal, String prefix, String kind, String description) {
        ContentAssistEntry entry = new ContentAssistEntry();
        entry.setProposal(proposal);
        entry.setPrefix(prefix);
        entry.setKind(kind);
        entry.setLabel(proposal);
        entry.setDescription(description);
        acceptor.accept(entry, 500);
    }
}
