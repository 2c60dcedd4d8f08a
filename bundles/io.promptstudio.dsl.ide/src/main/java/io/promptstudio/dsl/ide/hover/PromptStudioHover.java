package io.promptstudio.dsl.ide.hover;

import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.chain.ChainTypes;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.Setting;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeAlias;
import io.promptstudio.dsl.types.Types;
import java.util.stream.Collectors;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverContext;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/** Hover text: the declaration's signature as a code block, then its documentation. */
public class PromptStudioHover extends HoverService {

    /** A name a chain's stage reads is no cross-reference; its hover is the path's, wherever in the path the pointer is. */
    @Override
    protected HoverContext createContext(Document document, XtextResource resource, int offset) {
        if (resource.getParseResult() != null) {
            ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
            EObject semantic = leaf == null || leaf.isHidden() ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
            if (semantic instanceof PathExpression path && EcoreUtil2.getContainerOfType(path, Chain.class) != null) {
                return new HoverContext(document, resource, offset, NodeModelUtils.findActualNodeFor(path).getTextRegion(), path);
            }
        }
        return super.createContext(document, resource, offset);
    }

    @Override
    public String getContents(EObject element) {
        String signature = signature(element);
        String documentation = super.getContents(element);
        if (signature == null) {
            return documentation;
        }
        String block = "```pstudio\n" + signature + "\n```";
        return documentation == null || documentation.isBlank() ? block : block + "\n\n" + documentation.strip();
    }

    /** How a declaration reads in one look: what a user wants when pointing at a name. */
    public static String signature(EObject element) {
        return switch (element) {
            case Prompt prompt -> "prompt " + prompt.getName() + "(" + prompt.getParameters().stream().map(PromptStudioHover::parameter)
                    .collect(Collectors.joining(", ")) + ") -> " + source(prompt.getOutput())
                    + (prompt.getProfile() != null && !prompt.getProfile().eIsProxy() ? " using " + prompt.getProfile().getName() : "");
            case Parameter parameter -> "(parameter) " + parameter(parameter);
            case RecordType record -> "class " + record.getName() + " {\n" + record.getFields().stream()
                    .map(field -> "  " + field.getName() + ": " + source(field.getType())).collect(Collectors.joining("\n")) + "\n}";
            case EnumType enumType -> "enum " + enumType.getName() + " { "
                    + enumType.getValues().stream().map(EnumValue::getName).collect(Collectors.joining(", ")) + " }";
            case EnumValue value -> value.eContainer() instanceof EnumType owner ? owner.getName() + "." + value.getName() : value.getName();
            case Field field -> "(field) " + field.getName() + ": " + source(field.getType());
            case TypeAlias alias -> "type " + alias.getName() + " = " + source(alias.getType());
            case Profile profile -> "profile " + profile.getName() + (profile.getParent() != null && !profile.getParent().eIsProxy()
                    ? " extends " + profile.getParent().getName() : "") + " {\n" + profile.getSettings().stream()
                            .map(setting -> "  " + setting.getKey() + " = " + source(setting.getValue())).collect(Collectors.joining("\n"))
                    + "\n}";
            case TestCase test -> "test " + test.getName() + " for " + (test.getPrompt() == null || test.getPrompt().eIsProxy() ? "?"
                    : test.getPrompt().getName());
            case Setting setting -> setting.getKey() + " = " + source(setting.getValue());
            case Chain chain -> "chain " + chain.getName() + "(" + chain.getParameters().stream().map(PromptStudioHover::parameter)
                    .collect(Collectors.joining(", ")) + ") -> " + source(chain.getOutput());
            case Stage stage -> "(stage) " + stage.getName() + ": " + stageKind(stage) + " → " + Types.describe(ChainTypes.stageOutput(stage));
            case PathExpression path when EcoreUtil2.getContainerOfType(path, Chain.class) != null -> chainPath(path);
            default -> null;
        };
    }

    /** A name read in a chain: the path's type, and the input or stage it starts from. */
    private static String chainPath(PathExpression path) {
        Chain chain = EcoreUtil2.getContainerOfType(path, Chain.class);
        Stage stage = EcoreUtil2.getContainerOfType(path, Stage.class);
        var scope = stage == null ? ChainTypes.chainScope(chain) : ChainTypes.scope(stage, path);
        ChainTypes.Scope head = scope.apply(path.getHead());
        if (head == null) {
            return null;
        }
        String written = path.getHead() + path.getSegments().stream().map(segment -> "." + segment).collect(Collectors.joining());
        String origin = switch (head.kind()) {
            case INPUT -> "input of chain " + chain.getName();
            case STAGE -> "output of stage " + path.getHead();
            case ITEM -> "the item being mapped";
            case DRAFT -> "the latest draft";
            case CRITIQUE -> "the latest critique";
        };
        return written + ": " + Types.describe(ChainTypes.typeOf(path, scope)) + "  (" + origin + ")";
    }

    /** A stage's kind, and for a call what it calls. */
    private static String stageKind(Stage stage) {
        String kind = ChainGraph.kind(stage);
        return !kind.equals("call") ? kind : "call " + ChainGraph.invocations(stage.getStep()).stream().map(call -> call.getTarget() == null
                || call.getTarget().eIsProxy() ? "?" : call.getTarget().getName()).findFirst().orElse("?");
    }

    private static String parameter(Parameter parameter) {
        return parameter.getName() + ": " + source(parameter.getType()) + (parameter.getDefault() == null ? "" : " = " + source(parameter.getDefault()));
    }

    /** The element as written (types keep their exact spelling); {@link Types#describe} when there is no text. */
    private static String source(EObject element) {
        INode node = element == null ? null : NodeModelUtils.findActualNodeFor(element);
        if (node != null) {
            return NodeModelUtils.getTokenText(node);
        }
        return element instanceof io.promptstudio.dsl.promptStudio.TypeRef type ? Types.describe(type) : "?";
    }
}
