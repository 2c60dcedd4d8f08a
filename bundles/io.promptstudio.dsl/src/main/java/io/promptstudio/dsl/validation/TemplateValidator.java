package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.HistoryMessage;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TemplateMessage;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.template.Template.Filter;
import io.promptstudio.dsl.template.Template.ForBlock;
import io.promptstudio.dsl.template.Template.IfBlock;
import io.promptstudio.dsl.template.Template.Node;
import io.promptstudio.dsl.template.Template.Path;
import io.promptstudio.dsl.template.Template.Placeholder;
import io.promptstudio.dsl.template.Template;
import io.promptstudio.dsl.template.TemplateParser;
import io.promptstudio.dsl.types.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;

/**
 * Checks each prompt's templates against its parameters: every variable and member must exist, {@code for}
 * must go over a list, {@code if} over something that can be false, filters must be known, and every
 * parameter should be used somewhere.
 */
public class TemplateValidator extends ComposedValidator {

    /** The placeholder that renders the output type's schema into the prompt. */
    public static final String OUTPUT_FORMAT = "output_format";

    /** Filters a placeholder can apply, with how many string arguments each takes. */
    public static final Map<String, Integer> FILTERS = Map.of("upper", 0, "lower", 0, "trim", 0, "json", 0,
            "length", 0, "first", 0, "last", 0, "join", 1, "default", 1, "indent", 1);

    @Check
    public void checkTemplates(Prompt prompt) {
        Map<String, TypeRef> variables = new HashMap<>();
        for (Parameter parameter : prompt.getParameters()) {
            variables.put(parameter.getName(), parameter.getType());
        }
        Set<String> used = new HashSet<>();
        for (var message : prompt.getMessages()) {
            if (message instanceof TemplateMessage templateMessage) {
                check(templateMessage, variables, used);
            } else if (message instanceof HistoryMessage history && history.getParameter() != null) {
                used.add(history.getParameter().getName());
            }
        }
        for (Parameter parameter : prompt.getParameters()) {
            if (!used.contains(parameter.getName())) {
                warning("Parameter '" + parameter.getName() + "' is not used by any message of prompt " + prompt.getName(),
                        parameter, Literals.PARAMETER__NAME, IssueCodes.UNUSED_PARAMETER);
            }
        }
    }

    /**
     * A template or string should hold no control characters but tabs and line breaks: a NUL or an escape character
     * is invisible in an editor, and a model may drop it, stop at it or read it as something else.
     */
    @Check
    public void checkControlCharacters(TemplateMessage message) {
        warnOnControlCharacters(message);
    }

    @Check
    public void checkControlCharacters(StringLiteral literal) {
        warnOnControlCharacters(literal);
    }

    private void warnOnControlCharacters(org.eclipse.emf.ecore.EObject element) {
        INode node = NodeModelUtils.getNode(element);
        if (node == null) {
            return;
        }
        String text = node.getText();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                getMessageAcceptor().acceptWarning(String.format("The text holds the control character U+%04X, which editors do not show "
                        + "and models may drop or misread; remove it", (int) c), element, node.getTotalOffset() + i, 1,
                        IssueCodes.CONTROL_CHARACTER);
                return;
            }
        }
    }

    private void check(TemplateMessage message, Map<String, TypeRef> variables, Set<String> used) {
        List<INode> nodes = NodeModelUtils.findNodesForFeature(message, Literals.TEMPLATE_MESSAGE__TEMPLATE);
        if (nodes.isEmpty()) {
            return;
        }
        INode node = nodes.get(0);
        String raw = node.getText();
        int quote = raw.startsWith("\"\"\"") ? 3 : 1;
        String body = raw.length() >= 2 * quote ? raw.substring(quote, raw.length() - quote) : "";
        Template template = TemplateParser.parse(body);
        Context context = new Context(message, node.getOffset() + quote, used);
        for (Template.Problem problem : template.problems()) {
            if (problem.error()) {
                error(context, problem.message(), problem.offset(), problem.length(), problem.code());
            } else {
                getMessageAcceptor().acceptWarning(problem.message(), message, context.base() + problem.offset(),
                        Math.max(1, problem.length()), problem.code());
            }
        }
        check(template.nodes(), variables, context);
    }

    /** Where a template's offsets start in the file, and which parameters the prompt's templates use. */
    private record Context(TemplateMessage message, int base, Set<String> used) {
    }

    private void check(List<Node> nodes, Map<String, TypeRef> variables, Context context) {
        for (Node node : nodes) {
            switch (node) {
                case Placeholder placeholder -> {
                    typeOf(placeholder.path(), variables, context);
                    for (Filter filter : placeholder.filters()) {
                        Integer arity = FILTERS.get(filter.name());
                        if (arity == null) {
                            error(context, "Unknown filter '" + filter.name() + "' (known: " + String.join(", ",
                                    new java.util.TreeSet<>(FILTERS.keySet())) + ")", filter.offset(), filter.name().length(),
                                    IssueCodes.UNKNOWN_FILTER);
                        } else if (arity != filter.arguments().size()) {
                            error(context, "Filter '" + filter.name() + "' takes " + arity + " argument" + (arity == 1 ? "" : "s")
                                    + ", given " + filter.arguments().size(), filter.offset(), filter.name().length(),
                                    IssueCodes.UNKNOWN_FILTER);
                        }
                    }
                }
                case ForBlock loop -> {
                    Resolution iterable = typeOf(loop.iterable(), variables, context);
                    TypeRef element = null;
                    if (iterable.known() && !Types.isList(Types.unwrapOptional(iterable.type()))) {
                        error(context, "'{% for %}' needs a list, but '" + loop.iterable() + "' is "
                                + Types.describe(iterable.type()), loop.iterable().offset(), loop.iterable().length(),
                                IssueCodes.FOR_OVER_NON_LIST);
                    } else if (iterable.known()) {
                        element = Types.elementOf(Types.unwrapOptional(iterable.type()));
                    }
                    Map<String, TypeRef> inner = new HashMap<>(variables);
                    inner.put(loop.variable(), element);
                    check(loop.body(), inner, context);
                }
                case IfBlock choice -> {
                    Resolution condition = typeOf(choice.condition(), variables, context);
                    if (condition.known() && alwaysTrue(condition.type())) {
                        error(context, "'{% if %}' on '" + choice.condition() + "' of type " + Types.describe(condition.type())
                                + " is always true: test a bool, an optional, a list or a string",
                                choice.condition().offset(), choice.condition().length(), IssueCodes.IF_ON_NON_BOOLEAN);
                    }
                    check(choice.then(), variables, context);
                    check(choice.otherwise(), variables, context);
                }
                case Template.Text text -> {
                    // literal text needs no checking
                }
            }
        }
    }

    /** A path's type; {@code known} is false when it could not be determined (an error was already given, or any type). */
    private record Resolution(boolean known, TypeRef type) {
        static final Resolution UNKNOWN = new Resolution(false, null);
    }

    private Resolution typeOf(Path path, Map<String, TypeRef> variables, Context context) {
        if (path.head().equals(OUTPUT_FORMAT) && path.segments().size() == 1 && !variables.containsKey(OUTPUT_FORMAT)) {
            return Resolution.UNKNOWN;
        }
        if (!variables.containsKey(path.head())) {
            error(context, "Unknown variable '" + path.head() + "': the prompt's parameters are "
                    + (variables.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(variables.keySet())))
                    + " (and " + OUTPUT_FORMAT + " renders the output schema)", path.offset(), path.head().length(),
                    IssueCodes.UNKNOWN_VARIABLE);
            return Resolution.UNKNOWN;
        }
        context.used().add(path.head());
        TypeRef type = variables.get(path.head());
        if (type == null) {
            return Resolution.UNKNOWN;
        }
        String walked = path.head();
        for (Template.Segment segment : path.segments().subList(1, path.segments().size())) {
            if (!Types.hasMembers(type)) {
                error(context, "'" + walked + "' is " + Types.describe(type) + ", which has no member '" + segment.name() + "'",
                        segment.offset(), segment.name().length(), IssueCodes.UNKNOWN_MEMBER);
                return Resolution.UNKNOWN;
            }
            var member = Types.member(type, segment.name());
            if (member.isEmpty()) {
                error(context, Types.describe(Types.unwrapOptional(type)) + " has no field '" + segment.name() + "' (fields: "
                        + String.join(", ", Types.memberNames(type)) + ")", segment.offset(), segment.name().length(),
                        IssueCodes.UNKNOWN_MEMBER);
                return Resolution.UNKNOWN;
            }
            type = member.get();
            walked += "." + segment.name();
        }
        return new Resolution(true, type);
    }

    private static boolean alwaysTrue(TypeRef type) {
        if (Types.isOptional(type)) {
            return false;
        }
        var declaration = Types.declaration(type);
        return declaration.isPresent() && (declaration.get() instanceof RecordType || declaration.get() instanceof EnumType);
    }

    private void error(Context context, String message, int offset, int length, String code) {
        getMessageAcceptor().acceptError(message, context.message(), context.base() + offset, Math.max(1, length), code);
    }
}
