package io.promptstudio.dsl.validation;

import io.promptstudio.dsl.promptStudio.Argument;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.HistoryMessage;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.LiteralType;
import io.promptstudio.dsl.promptStudio.MapType;
import io.promptstudio.dsl.promptStudio.NamedType;
import io.promptstudio.dsl.promptStudio.OptionalType;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.PrimitiveType;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.Setting;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.promptStudio.UnionType;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.types.Values;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.ComposedChecks;

/**
 * The prompt language's checker: names, types, templates, profiles and tests. Every finding has an
 * issue code from {@link IssueCodes}; template findings are placed at the exact characters.
 */
@ComposedChecks(validators = { TemplateValidator.class, ProfileValidator.class, ExpectationValidator.class,
        WorkspaceValidator.class, AnnotationValidator.class, OutputTypeValidator.class, EvalValidator.class, ChainValidator.class })
public class PromptStudioValidator extends AbstractPromptStudioValidator {

    @Check
    public void checkUniqueElementNames(PromptModel model) {
        reportDuplicates(model.getElements(), io.promptstudio.dsl.promptStudio.Element::getName, "declaration");
    }

    @Check
    public void checkUniqueMembers(RecordType record) {
        reportDuplicates(record.getFields(), Field::getName, "field");
    }

    @Check
    public void checkUniqueEnumValues(EnumType enumType) {
        reportDuplicates(enumType.getValues(), value -> value.getName(), "enum value");
    }

    @Check
    public void checkUniqueParameters(Prompt prompt) {
        reportDuplicates(prompt.getParameters(), Parameter::getName, "parameter");
    }

    @Check
    public void checkUniqueSettings(Profile profile) {
        reportDuplicates(profile.getSettings(), Setting::getKey, "setting");
    }

    @Check
    public void checkUniqueArguments(TestCase test) {
        reportDuplicates(test.getArguments(),
                argument -> argument.getParameter() == null || argument.getParameter().eIsProxy() ? null : argument.getParameter().getName(),
                "input");
    }

    private <T extends EObject> void reportDuplicates(List<T> items, Function<T, String> name, String what) {
        Map<String, T> seen = new HashMap<>();
        for (T item : items) {
            String key = name.apply(item);
            if (key == null) {
                continue;
            }
            T first = seen.putIfAbsent(key, item);
            if (first != null) {
                EStructuralFeature feature = item.eClass().getEStructuralFeature("name") != null
                        ? item.eClass().getEStructuralFeature("name")
                        : item.eClass().getEStructuralFeature("key") != null ? item.eClass().getEStructuralFeature("key") : null;
                error("Duplicate " + what + " '" + key + "': it is already declared on line " + line(first), item, feature,
                        IssueCodes.DUPLICATE_NAME);
            }
        }
    }

    @Check
    public void checkDefaultFitsType(Parameter parameter) {
        if (parameter.getDefault() != null) {
            Values.mismatch(parameter.getDefault(), parameter.getType()).ifPresent(problem -> error(
                    "Default of '" + parameter.getName() + "': " + problem, parameter, Literals.PARAMETER__DEFAULT,
                    IssueCodes.TYPE_MISMATCH));
        }
    }

    @Check
    public void checkHistoryIsChat(HistoryMessage message) {
        Parameter parameter = message.getParameter();
        if (parameter != null && !parameter.eIsProxy() && !Types.isPrimitive(Types.unwrapOptional(parameter.getType()), PrimitiveKind.CHAT)) {
            error("'history' needs a chat parameter, but '" + parameter.getName() + "' is " + Types.describe(parameter.getType()),
                    message, Literals.HISTORY_MESSAGE__PARAMETER, IssueCodes.HISTORY_NOT_CHAT);
        }
    }

    @Check
    public void checkTestInputs(TestCase test) {
        Prompt prompt = test.getPrompt();
        if (prompt == null || prompt.eIsProxy()) {
            return;
        }
        Set<Parameter> given = new HashSet<>();
        for (Argument argument : test.getArguments()) {
            Parameter parameter = argument.getParameter();
            if (parameter == null || parameter.eIsProxy()) {
                continue;
            }
            given.add(parameter);
            Values.mismatch(argument.getValue(), parameter.getType()).ifPresent(problem -> error(
                    "Input '" + parameter.getName() + "': " + problem, argument, Literals.ARGUMENT__VALUE, IssueCodes.TYPE_MISMATCH));
        }
        List<String> missing = prompt.getParameters().stream()
                .filter(parameter -> !given.contains(parameter) && parameter.getDefault() == null && !Types.isOptional(parameter.getType()))
                .map(Parameter::getName).toList();
        if (!missing.isEmpty()) {
            error("Test '" + test.getName() + "' does not give the required input" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing.stream().map(name -> "'" + name + "'").toList()) + " of prompt "
                    + prompt.getName(), test, Literals.ELEMENT__NAME, IssueCodes.MISSING_TEST_INPUT);
        }
    }

    @Check
    public void checkRecursionGoesThroughOptionalOrList(RecordType record) {
        for (Field field : record.getFields()) {
            if (reachesDirectly(field.getType(), record, new HashSet<>())) {
                error("'" + record.getName() + "' contains itself through field '" + field.getName()
                        + "' with no way to end: make the recursion optional (T?) or a list (T[])", field,
                        Literals.FIELD__TYPE, IssueCodes.INVALID_RECURSION);
            }
        }
    }

    /** Whether a value of {@code type} must contain a {@code target}: optional, list and map stop the search. */
    private static boolean reachesDirectly(TypeRef type, RecordType target, Set<RecordType> visited) {
        TypeRef resolved = Types.resolve(type);
        if (resolved instanceof OptionalType || resolved instanceof ListType || resolved instanceof MapType) {
            return false;
        }
        if (resolved instanceof UnionType union) {
            return union.getMembers().stream().allMatch(member -> reachesDirectly(member, target, visited));
        }
        if (resolved instanceof NamedType && Types.declaration(resolved).orElse(null) instanceof RecordType record) {
            if (record == target) {
                return true;
            }
            if (!visited.add(record)) {
                return false;
            }
            return record.getFields().stream().anyMatch(field -> reachesDirectly(field.getType(), target, visited));
        }
        return false;
    }

    @Check
    public void checkUnionMembersAreReachable(UnionType union) {
        Set<String> seen = new HashSet<>();
        for (TypeRef member : union.getMembers()) {
            String described = Types.describe(member);
            if (!seen.add(described)) {
                warning("'" + described + "' appears twice in this union", member, null, IssueCodes.UNREACHABLE_UNION_MEMBER);
                continue;
            }
            if (member instanceof LiteralType literal) {
                PrimitiveKind covering = literal.getValue() instanceof io.promptstudio.dsl.promptStudio.StringLiteral ? PrimitiveKind.STRING
                        : literal.getValue() instanceof io.promptstudio.dsl.promptStudio.NumberLiteral ? PrimitiveKind.FLOAT
                        : PrimitiveKind.BOOL;
                Optional<TypeRef> wider = union.getMembers().stream()
                        .filter(other -> other instanceof PrimitiveType primitive && (primitive.getKind() == covering
                                || covering == PrimitiveKind.FLOAT && primitive.getKind() == PrimitiveKind.INT
                                        && Values.number(literal.getValue()) != null
                                        && Values.number(literal.getValue()).stripTrailingZeros().scale() <= 0))
                        .findFirst();
                wider.ifPresent(other -> warning("'" + described + "' can never be chosen: '" + Types.describe(other)
                        + "' in the same union already accepts it", member, null, IssueCodes.UNREACHABLE_UNION_MEMBER));
            }
        }
    }

    static int line(EObject object) {
        var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(object);
        return node == null ? 0 : node.getStartLine();
    }
}
