package io.promptstudio.dsl.chain;

import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Edits of a chain's text that a graphical editor makes: each touches only the text it changes, at one place, so the
 * rest of the file (its layout, comments) stays as the author wrote it.
 */
public final class ChainEdits {

    private ChainEdits() {
    }

    /** Insert {@code text} at {@code offset} of the chain's file. */
    public record Insertion(int offset, String text, String stage) {
    }

    /**
     * A new stage calling {@code callee} (written {@code calleeName}), placed before the chain's {@code return}: each
     * required input is connected to the latest stage whose output fits it, else to a chain input that fits, else given
     * a placeholder the checker will point at.
     */
    public static Insertion addStage(Chain chain, Element callee, String calleeName) {
        Set<String> taken = new HashSet<>();
        chain.getParameters().forEach(parameter -> taken.add(parameter.getName()));
        chain.getStages().forEach(stage -> taken.add(stage.getName()));
        String base = callee.getName().substring(0, 1).toLowerCase(Locale.ROOT) + callee.getName().substring(1);
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        List<String> arguments = new ArrayList<>();
        for (Parameter parameter : ChainTypes.parameters(callee)) {
            if (parameter.getDefault() != null || Types.isOptional(parameter.getType())) {
                continue;
            }
            arguments.add(parameter.getName() + ": " + source(chain, parameter.getType()));
        }
        String line = "stage " + name + " = " + calleeName + "(" + String.join(", ", arguments) + ")";
        ICompositeNode node = NodeModelUtils.findActualNodeFor(chain);
        String text = node.getRootNode().getText();
        int anchor = node.getEndOffset() - 1;
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getText().equals("return") && leaf.getSemanticElement() == chain) {
                anchor = leaf.getOffset();
            }
        }
        int lineStart = text.lastIndexOf('\n', anchor - 1) + 1;
        String indent = text.substring(lineStart, anchor);
        if (indent.isBlank()) {
            return new Insertion(lineStart, indent + line + "\n", name);
        }
        return new Insertion(anchor, line + "\n  ", name);
    }

    /**
     * {@link #addStage(Chain, Element, String)} for the prompt or chain of that qualified name in the chain's workspace,
     * written by its simple name in its own namespace and qualified elsewhere; null when there is no such callable.
     */
    public static Insertion addStage(Chain chain, String calleeQualified) {
        String namespace = ((PromptModel) chain.eContainer()).getNamespace();
        for (var resource : chain.eResource().getResourceSet().getResources()) {
            if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof PromptModel model)) {
                continue;
            }
            for (Element element : model.getElements()) {
                String full = model.getNamespace() == null ? element.getName() : model.getNamespace() + "." + element.getName();
                if (ChainTypes.callable(element) && calleeQualified.equals(full)) {
                    return addStage(chain, element, java.util.Objects.equals(namespace, model.getNamespace()) ? element.getName() : full);
                }
            }
        }
        return null;
    }

    /** What to give an input of this type: the latest stage that fits, a chain input that fits, or a placeholder. */
    private static String source(Chain chain, TypeRef wanted) {
        List<Stage> stages = new ArrayList<>(chain.getStages());
        java.util.Collections.reverse(stages);
        for (Stage stage : stages) {
            TypeRef output = ChainTypes.stageOutput(stage);
            if (output != null && ChainTypes.fits(output, wanted)) {
                return stage.getName();
            }
        }
        for (Parameter parameter : chain.getParameters()) {
            if (parameter.getType() != null && ChainTypes.fits(parameter.getType(), wanted)) {
                return parameter.getName();
            }
        }
        TypeRef type = Types.unwrapOptional(wanted);
        if (Types.isPrimitive(type, PrimitiveKind.STRING)) {
            return "\"\"";
        }
        if (Types.isPrimitive(type, PrimitiveKind.INT)) {
            return "0";
        }
        if (Types.isPrimitive(type, PrimitiveKind.FLOAT)) {
            return "0.0";
        }
        if (Types.isPrimitive(type, PrimitiveKind.BOOL)) {
            return "false";
        }
        // nothing fits and the language has no literal for it: a name the checker reports until it is connected
        return "connect_" + Types.describe(wanted).replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
