package io.promptstudio.dsl.formatting;

import io.promptstudio.dsl.promptStudio.Argument;
import io.promptstudio.dsl.promptStudio.Branch;
import io.promptstudio.dsl.promptStudio.BranchArm;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.DatasetRow;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Entry;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.promptStudio.EvalAssertion;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.Import;
import io.promptstudio.dsl.promptStudio.JudgeArgument;
import io.promptstudio.dsl.promptStudio.Judgement;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.ListValue;
import io.promptstudio.dsl.promptStudio.MapType;
import io.promptstudio.dsl.promptStudio.Message;
import io.promptstudio.dsl.promptStudio.ObjectValue;
import io.promptstudio.dsl.promptStudio.Refinement;
import io.promptstudio.dsl.promptStudio.Setting;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.Value;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.formatting2.AbstractFormatter2;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatter;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.internal.MultilineCommentReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.xbase.lib.Procedures.Procedure1;

/**
 * The one layout of prompt files: two-space indentation, one declaration per paragraph, one member per line
 * in records, profiles, prompts and tests, single spaces around operators. Enums, object and list values stay
 * on one line unless the author broke them over lines, in which case each item gets its own line. Text inside
 * templates and strings is never touched. Formatting twice gives the same text as formatting once.
 *
 * <p>Spacing is decided once for every gap between two tokens, from the two tokens and the element that starts
 * at the second; indentation comes from brace pairs.
 */
public class PromptStudioFormatter extends AbstractFormatter2 {

    /**
     * Block comments are kept exactly as written: Xtext's default rewrites the inside of a {@code /** … *}{@code /}
     * comment (it adds {@code *} prefixes), which would change text the author wrote.
     */
    @Override
    public ITextReplacer createCommentReplacer(IComment comment) {
        if (comment.getGrammarElement() instanceof AbstractRule rule && rule.getName().equals("ML_COMMENT")
                || comment.getText().startsWith("/*")) {
            return new MultilineCommentReplacer(comment, '*') {
                @Override
                public ITextReplacerContext createReplacements(ITextReplacerContext context) {
                    return context;
                }
            };
        }
        return super.createCommentReplacer(comment);
    }

    @Override
    public void format(Object object, IFormattableDocument document) {
        if (object instanceof XtextResource resource && !resource.getContents().isEmpty()) {
            formatFile(resource.getContents().get(0), document);
        }
    }

    private void formatFile(EObject root, IFormattableDocument document) {
        for (var pair : textRegionExtensions.allRegionsFor(root).keywordPairs("{", "}")) {
            document.interior(pair.getKey(), pair.getValue(), IHiddenRegionFormatter::indent);
        }
        for (var pair : textRegionExtensions.allRegionsFor(root).keywordPairs("[", "]")) {
            if (pair.getKey().getSemanticElement() instanceof ListValue list && broken(list)) {
                document.interior(pair.getKey(), pair.getValue(), IHiddenRegionFormatter::indent);
            }
        }
        ISemanticRegion previous = null;
        for (ISemanticRegion region : textRegionExtensions.allSemanticRegions(root)) {
            if (previous != null) {
                document.set(region.getPreviousHiddenRegion(), gap(previous, region));
            } else {
                document.set(region.getPreviousHiddenRegion(), IHiddenRegionFormatter::noSpace);
            }
            previous = region;
        }
        if (previous != null) {
            document.set(previous.getNextHiddenRegion(), format -> format.setNewLines(1));
        }
    }

    /** The keywords that start a line of an eval. */
    private static final java.util.Set<String> EVAL_CLAUSES = java.util.Set.of("prompts", "profiles", "dataset", "repeat", "threshold",
            "suite", "budget", "assert", "pairwise");

    /** The keywords that start a line of a chain's stage (a refinement's clauses, a branch's fallback) or end a chain. */
    private static final java.util.Set<String> CHAIN_CLAUSES = java.util.Set.of("critique", "revise", "until", "max", "else", "return");

    /** How the gap between two neighbouring tokens is laid out. */
    private Procedure1<IHiddenRegionFormatter> gap(ISemanticRegion left, ISemanticRegion right) {
        String before = left.getText();
        String after = right.getText();
        EObject statement = statementStartingAt(right);
        if (statement instanceof Element) {
            return lines(2);
        }
        if (statement instanceof Import || right.getSemanticElement() instanceof TestCase && (after.equals("input") || after.equals("expect"))
                || right.getSemanticElement() instanceof Eval && EVAL_CLAUSES.contains(after) && right.getGrammarElement() instanceof Keyword
                || (right.getSemanticElement() instanceof Refinement || right.getSemanticElement() instanceof Branch
                        || right.getSemanticElement() instanceof Chain) && CHAIN_CLAUSES.contains(after) && right.getGrammarElement() instanceof Keyword) {
            return lines(1);
        }
        if (before.equals("{")) {
            EObject owner = left.getSemanticElement();
            if (after.equals("}") && inline(owner)) {
                return IHiddenRegionFormatter::noSpace;
            }
            return inline(owner) ? IHiddenRegionFormatter::oneSpace : lines(1);
        }
        if (after.equals("}")) {
            EObject owner = right.getSemanticElement();
            return inline(owner) ? IHiddenRegionFormatter::oneSpace : lines(1);
        }
        if (statement != null) {
            return lines(1);
        }
        boolean mapBracket = after.equals(">") && right.getSemanticElement() instanceof MapType
                || before.equals("<") && left.getSemanticElement() instanceof MapType;
        if (after.equals(",") || after.equals(":") || after.equals("?") || after.equals(")") || after.equals(".") || before.equals(".")
                || mapBracket) {
            return IHiddenRegionFormatter::noSpace;
        }
        if (before.equals(",")) {
            EObject owner = left.getSemanticElement();
            return (owner instanceof ListValue list && broken(list)) ? lines(1) : IHiddenRegionFormatter::oneSpace;
        }
        if (after.equals("[")) {
            return right.getSemanticElement() instanceof ListType ? IHiddenRegionFormatter::noSpace : IHiddenRegionFormatter::oneSpace;
        }
        if (before.equals("[")) {
            return left.getSemanticElement() instanceof ListValue list && broken(list) && !after.equals("]") ? lines(1)
                    : IHiddenRegionFormatter::noSpace;
        }
        if (after.equals("]")) {
            return right.getSemanticElement() instanceof ListValue list && broken(list) && !before.equals("[") ? lines(1)
                    : IHiddenRegionFormatter::noSpace;
        }
        if (before.equals("(") || before.equals("@")) {
            return IHiddenRegionFormatter::noSpace;
        }
        if (after.equals("(") || after.equals("<") && right.getSemanticElement() instanceof MapType) {
            // a name calls or declares (Classify(, len(, @range(, map<); a keyword such as 'not' or 'and' is followed by a space
            return endsWord(before) && !(left.getGrammarElement() instanceof Keyword && !before.equals("map"))
                    ? IHiddenRegionFormatter::noSpace : IHiddenRegionFormatter::oneSpace;
        }
        return IHiddenRegionFormatter::oneSpace;
    }

    /**
     * The element that starts at this token and goes on its own line: a declaration, an import, a field, a setting,
     * a message, a test input or expectation; or an item of an enum, object or list the author broke over lines.
     */
    private EObject statementStartingAt(ISemanticRegion region) {
        EObject element = region.getSemanticElement();
        while (element != null) {
            IEObjectRegion elementRegion = textRegionExtensions.regionForEObject(element);
            if (elementRegion == null || elementRegion.getPreviousHiddenRegion() != region.getPreviousHiddenRegion()) {
                return null;
            }
            if (element instanceof Element || element instanceof Import || element instanceof Field || element instanceof Setting
                    || element instanceof Message || element instanceof Argument || element instanceof DatasetRow
                    || element instanceof EvalAssertion || element instanceof Stage || element instanceof BranchArm) {
                return element;
            }
            if (element instanceof Expression && element.eContainer() instanceof TestCase) {
                return element;
            }
            if ((element instanceof EnumValue || element instanceof Entry || element instanceof JudgeArgument) && broken(element.eContainer())) {
                return element;
            }
            element = element.eContainer();
        }
        return null;
    }

    /** Enums and object values stay on one line unless the author wrote them over several. */
    private boolean inline(EObject owner) {
        return (owner instanceof EnumType || owner instanceof ObjectValue || owner instanceof Judgement) && !broken(owner);
    }

    private boolean broken(EObject owner) {
        return (owner instanceof EnumType || owner instanceof Value || owner instanceof Judgement) && textRegionExtensions.isMultiline(owner);
    }

    private static boolean endsWord(String token) {
        return !token.isEmpty() && (Character.isLetterOrDigit(token.charAt(token.length() - 1)) || token.endsWith("_"));
    }

    private static Procedure1<IHiddenRegionFormatter> lines(int count) {
        return format -> format.setNewLines(count);
    }
}
