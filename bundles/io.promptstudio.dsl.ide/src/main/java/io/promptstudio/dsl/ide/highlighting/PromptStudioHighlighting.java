package io.promptstudio.dsl.ide.highlighting;

import io.promptstudio.dsl.promptStudio.Annotation;
import io.promptstudio.dsl.promptStudio.Argument;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.HistoryMessage;
import io.promptstudio.dsl.promptStudio.NamedType;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.Setting;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeAlias;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * What each part of a prompt file is, for colouring: the style ids are LSP semantic token types ({@code keyword},
 * {@code class}, {@code parameter}, {@code macro} for template placeholders, …), so the language server sends them
 * as they are and the workbench editor maps each to a colour. Positions never overlap: a template is split into
 * its text, its {@code {{ … }}} placeholders and its {@code {% … %}} tags, line by line.
 */
public class PromptStudioHighlighting implements ISemanticHighlightingCalculator {

    public static final String KEYWORD = "keyword";
    public static final String CLASS = "class";
    public static final String ENUM = "enum";
    public static final String TYPE = "type";
    public static final String ENUM_MEMBER = "enumMember";
    public static final String PROPERTY = "property";
    public static final String PARAMETER = "parameter";
    public static final String FUNCTION = "function";
    public static final String VARIABLE = "variable";
    public static final String DECORATOR = "decorator";
    public static final String STRING = "string";
    public static final String NUMBER = "number";
    public static final String PLACEHOLDER = "macro";

    private static final Pattern TAG = Pattern.compile("\\\\\\{[{%]|\\{\\{.*?\\}\\}|\\{%.*?%\\}", Pattern.DOTALL);

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor, CancelIndicator cancel) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
            if (cancel.isCanceled()) {
                return;
            }
            if (leaf.isHidden()) {
                continue;
            }
            String style = styleOf(leaf);
            if (style == null) {
                continue;
            }
            if (leaf.getSemanticElement() instanceof TemplateMessage && leaf.getText().startsWith("\"")) {
                template(leaf, acceptor);
            } else {
                acceptor.addPosition(leaf.getOffset(), leaf.getLength(), style);
            }
        }
    }

    private static String styleOf(ILeafNode leaf) {
        EObject element = leaf.getSemanticElement();
        if (leaf.getGrammarElement() instanceof EnumLiteralDeclaration literal) {
            // roles (system, user, assistant) are keywords; primitive kinds (string, int, …) are types
            return EcoreUtil2.getContainerOfType(literal, EnumRule.class).getName().equals("Role") ? KEYWORD : TYPE;
        }
        if (leaf.getGrammarElement() instanceof Keyword keyword) {
            return Character.isLetter(keyword.getValue().charAt(0)) && !(element instanceof Annotation) ? KEYWORD
                    : element instanceof Annotation && keyword.getValue().equals("@") ? DECORATOR : null;
        }
        if (element instanceof TemplateMessage) {
            return STRING;
        }
        if (is(leaf, element, Literals.ANNOTATION__NAME)) {
            return DECORATOR;
        }
        if (element instanceof StringLiteral) {
            return STRING;
        }
        if (element instanceof NumberLiteral) {
            return NUMBER;
        }
        if (is(leaf, element, Literals.ELEMENT__NAME)) {
            return element instanceof RecordType ? CLASS : element instanceof EnumType ? ENUM : element instanceof TypeAlias ? TYPE
                    : element instanceof Prompt || element instanceof TestCase ? FUNCTION : element instanceof Profile ? VARIABLE : null;
        }
        if (element instanceof EnumValue && is(leaf, element, Literals.ENUM_VALUE__NAME)) {
            return ENUM_MEMBER;
        }
        if (element instanceof Field && is(leaf, element, Literals.FIELD__NAME)) {
            return PROPERTY;
        }
        if (element instanceof Setting && is(leaf, element, Literals.SETTING__KEY)) {
            return PROPERTY;
        }
        if (element instanceof Parameter && is(leaf, element, Literals.PARAMETER__NAME)
                || element instanceof HistoryMessage || element instanceof Argument && is(leaf, element, Literals.ARGUMENT__PARAMETER)) {
            return PARAMETER;
        }
        if (element instanceof NamedType named) {
            return named.getType() instanceof EnumType ? ENUM : CLASS;
        }
        if (is(leaf, element, Literals.PROMPT__PROFILE) || is(leaf, element, Literals.PROFILE__PARENT)) {
            return VARIABLE;
        }
        if (is(leaf, element, Literals.TEST_CASE__PROMPT)) {
            return FUNCTION;
        }
        if (is(leaf, element, Literals.ENUM_VALUE_REFERENCE__VALUE)) {
            return ENUM_MEMBER;
        }
        return null;
    }

    /** Whether the leaf belongs to the given feature of its element (attribute or reference). */
    private static boolean is(ILeafNode leaf, EObject element, EStructuralFeature feature) {
        if (element == null || !feature.getEContainingClass().isInstance(element)) {
            return false;
        }
        List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
        for (INode node : nodes) {
            if (leaf.getOffset() >= node.getOffset() && leaf.getEndOffset() <= node.getEndOffset()) {
                return true;
            }
        }
        return false;
    }

    private static void template(ILeafNode leaf, IHighlightedPositionAcceptor acceptor) {
        String text = leaf.getText();
        Matcher tags = TAG.matcher(text);
        int at = 0;
        while (tags.find()) {
            if (tags.group().startsWith("\\")) {
                continue;
            }
            lines(leaf.getOffset(), text, at, tags.start(), STRING, acceptor);
            lines(leaf.getOffset(), text, tags.start(), tags.end(), tags.group().startsWith("{{") ? PLACEHOLDER : KEYWORD, acceptor);
            at = tags.end();
        }
        lines(leaf.getOffset(), text, at, text.length(), STRING, acceptor);
    }

    /** One position per line of the range, since an LSP semantic token does not cross lines for most clients. */
    private static void lines(int base, String text, int start, int end, String style, IHighlightedPositionAcceptor acceptor) {
        int lineStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == '\n') {
                if (i > lineStart) {
                    acceptor.addPosition(base + lineStart, i - lineStart, style);
                }
                lineStart = i + 1;
            }
        }
    }
}
