package io.promptstudio.dsl.chain;

import io.promptstudio.dsl.promptStudio.BinaryExpression;
import io.promptstudio.dsl.promptStudio.BooleanLiteral;
import io.promptstudio.dsl.promptStudio.Branch;
import io.promptstudio.dsl.promptStudio.CallExpression;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Expression;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.LiteralExpression;
import io.promptstudio.dsl.promptStudio.LiteralType;
import io.promptstudio.dsl.promptStudio.MapStep;
import io.promptstudio.dsl.promptStudio.MapType;
import io.promptstudio.dsl.promptStudio.NamedType;
import io.promptstudio.dsl.promptStudio.NotExpression;
import io.promptstudio.dsl.promptStudio.NullLiteral;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.OptionalType;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.PrimitiveType;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptStudioFactory;
import io.promptstudio.dsl.promptStudio.Refinement;
import io.promptstudio.dsl.promptStudio.Retrieval;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TypeDeclaration;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.promptStudio.UnionType;
import io.promptstudio.dsl.types.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;

/**
 * The types that flow through a chain: what each stage gives, what each expression in it is, and whether a value of one
 * type fits where another is expected. Unknown types (an unresolved name, a function the checker cannot type) are null
 * and fit anywhere, so that one mistake is reported once, where it is made.
 */
public final class ChainTypes {

    private ChainTypes() {
    }

    /** The parameters of a callable element (a prompt or a chain); empty for anything else. */
    public static List<Parameter> parameters(Element callable) {
        return switch (callable) {
            case Prompt prompt -> prompt.getParameters();
            case Chain chain -> chain.getParameters();
            case null, default -> List.of();
        };
    }

    /** The output type of a callable element, or null. */
    public static TypeRef output(Element callable) {
        return switch (callable) {
            case Prompt prompt -> prompt.getOutput();
            case Chain chain -> chain.getOutput();
            case null, default -> null;
        };
    }

    /** Whether the element can be called from a stage: a prompt or a chain. */
    public static boolean callable(Element element) {
        return element instanceof Prompt || element instanceof Chain;
    }

    /** What a stage gives, or null when it cannot be told (an unresolved call). */
    public static TypeRef stageOutput(Stage stage) {
        return switch (stage.getStep()) {
            case Invocation invocation -> callOutput(invocation);
            case Retrieval retrieval -> retrieval.getType() == null || retrieval.getType().eIsProxy() ? null
                    : list(named(retrieval.getType()));
            case Branch branch -> branchOutput(branch);
            case MapStep map -> {
                TypeRef element = callOutput(map.getCall());
                yield element == null ? null : list(element);
            }
            case Refinement refinement -> callOutput(refinement.getDraft());
            case null, default -> null;
        };
    }

    /** A branch gives its arms' common type; without {@code else} it may give nothing, so the type is optional. */
    private static TypeRef branchOutput(Branch branch) {
        TypeRef common = null;
        for (Invocation call : ChainGraph.invocations(branch)) {
            TypeRef type = callOutput(call);
            if (type == null) {
                return null;
            }
            if (common == null) {
                common = type;
            } else if (!fits(type, common) || !fits(common, type)) {
                return null;
            }
        }
        if (common == null) {
            return null;
        }
        return branch.getOtherwise() == null ? optional(common) : common;
    }

    /** The arms' output types when they differ (the checker's message), else empty. */
    public static List<String> differingArmTypes(Branch branch) {
        List<TypeRef> types = ChainGraph.invocations(branch).stream().map(ChainTypes::callOutput).toList();
        if (types.contains(null) || types.isEmpty()) {
            return List.of();
        }
        TypeRef first = types.get(0);
        boolean same = types.stream().allMatch(type -> fits(type, first) && fits(first, type));
        return same ? List.of() : types.stream().map(Types::describe).distinct().toList();
    }

    public static TypeRef callOutput(Invocation invocation) {
        if (invocation == null || invocation.getTarget() == null || invocation.getTarget().eIsProxy()) {
            return null;
        }
        return output(invocation.getTarget());
    }

    /**
     * The names an expression in this stage can read, with their types: the chain's inputs, every stage by name, and
     * inside the stage what it binds (a map's item, a refinement's draft and critique). Null: not a name here.
     */
    public static Function<String, Scope> scope(Stage stage, EObject context) {
        Function<String, Scope> chainNames = chainScope(EcoreUtil2.getContainerOfType(stage, Chain.class));
        return name -> {
            if (stage.getStep() instanceof MapStep map && name.equals(map.getVariable()) && !EcoreUtil2.isAncestor(map.getList(), context)) {
                TypeRef list = typeOf(map.getList(), scope(stage, map.getList()));
                TypeRef element = list == null ? null : Types.elementOf(Types.unwrapOptional(list));
                return new Scope(element, Scope.Kind.ITEM);
            }
            if (stage.getStep() instanceof Refinement refinement && !EcoreUtil2.isAncestor(refinement.getDraft(), context)) {
                if (name.equals(stage.getName())) {
                    return new Scope(callOutput(refinement.getDraft()), Scope.Kind.DRAFT);
                }
                if (name.equals(ChainGraph.CRITIQUE)) {
                    return new Scope(callOutput(refinement.getCritique()), Scope.Kind.CRITIQUE);
                }
            }
            return chainNames.apply(name);
        };
    }

    /**
     * The names the chain's result can read: its inputs and its stages (the first of a name, as the checker reports a
     * second). A plain lookup by name: this is asked for every expression of every stage while checking.
     */
    public static Function<String, Scope> chainScope(Chain chain) {
        return name -> {
            for (Parameter parameter : chain.getParameters()) {
                if (name.equals(parameter.getName())) {
                    return new Scope(parameter.getType(), Scope.Kind.INPUT);
                }
            }
            for (Stage stage : chain.getStages()) {
                if (name.equals(stage.getName())) {
                    return new Scope(stageOutput(stage), Scope.Kind.STAGE);
                }
            }
            return null;
        };
    }

    /** A name's type and what it is. */
    public record Scope(TypeRef type, Kind kind) {
        public enum Kind { INPUT, STAGE, ITEM, DRAFT, CRITIQUE }
    }

    /**
     * An expression's type, or null when it cannot be told. Names are looked up in {@code scope}; a name it does not
     * know followed by one segment may be an enum value (typed by the enum).
     */
    public static TypeRef typeOf(Expression expression, Function<String, Scope> scope) {
        return switch (expression) {
            case LiteralExpression literal -> switch (literal.getLiteral()) {
                case StringLiteral ignored -> primitive(PrimitiveKind.STRING);
                case NumberLiteral number -> primitive(number.getValue().contains(".") ? PrimitiveKind.FLOAT : PrimitiveKind.INT);
                case BooleanLiteral ignored -> primitive(PrimitiveKind.BOOL);
                case NullLiteral ignored -> null;
                default -> null;
            };
            case NotExpression ignored -> primitive(PrimitiveKind.BOOL);
            case BinaryExpression ignored -> primitive(PrimitiveKind.BOOL);
            case CallExpression call -> switch (String.valueOf(call.getFunction())) {
                case "contains", "matches", "startsWith", "endsWith" -> primitive(PrimitiveKind.BOOL);
                case "length" -> primitive(PrimitiveKind.INT);
                default -> null;
            };
            case PathExpression path -> pathType(path, scope);
            case null, default -> null;
        };
    }

    private static TypeRef pathType(PathExpression path, Function<String, Scope> scope) {
        Scope found = scope.apply(path.getHead());
        if (found == null) {
            return null;
        }
        TypeRef type = found.type();
        for (String segment : path.getSegments()) {
            if (type == null || !Types.hasMembers(type)) {
                return null;
            }
            boolean optional = Types.isOptional(type);
            TypeRef member = Types.member(type, segment).orElse(null);
            type = member != null && optional && !Types.isOptional(member) ? optional(member) : member;
        }
        return type;
    }

    /** Whether a value of type {@code value} can be given where {@code target} is expected (unknown types fit anywhere). */
    public static boolean fits(TypeRef value, TypeRef target) {
        return fits(value, target, new HashSet<>());
    }

    private static boolean fits(TypeRef valueType, TypeRef targetType, Set<List<TypeDeclaration>> assumed) {
        if (valueType == null || targetType == null) {
            return true;
        }
        TypeRef value = Types.resolve(valueType);
        TypeRef target = Types.resolve(targetType);
        if (value == null || target == null) {
            return true;
        }
        if (value instanceof UnionType union) {
            return union.getMembers().stream().allMatch(member -> fits(member, target, assumed));
        }
        if (target instanceof OptionalType optional) {
            TypeRef inner = value instanceof OptionalType valueOptional ? valueOptional.getElement() : value;
            return fits(inner, optional.getElement(), assumed);
        }
        if (value instanceof OptionalType) {
            return false;
        }
        if (target instanceof UnionType union) {
            return union.getMembers().stream().anyMatch(member -> fits(value, member, assumed));
        }
        if (target instanceof LiteralType targetLiteral) {
            return value instanceof LiteralType valueLiteral && Objects.equals(literalText(valueLiteral), literalText(targetLiteral));
        }
        if (value instanceof LiteralType literal) {
            return fits(literalPrimitive(literal), target, assumed);
        }
        if (target instanceof PrimitiveType targetPrimitive) {
            if (value instanceof PrimitiveType valuePrimitive) {
                return valuePrimitive.getKind() == targetPrimitive.getKind()
                        || valuePrimitive.getKind() == PrimitiveKind.INT && targetPrimitive.getKind() == PrimitiveKind.FLOAT;
            }
            // an enum value is its name as text
            return targetPrimitive.getKind() == PrimitiveKind.STRING && Types.isEnum(value);
        }
        if (target instanceof ListType targetList) {
            return value instanceof ListType valueList && fits(valueList.getElement(), targetList.getElement(), assumed);
        }
        if (target instanceof MapType targetMap) {
            return value instanceof MapType valueMap && fits(valueMap.getKey(), targetMap.getKey(), assumed)
                    && fits(valueMap.getValue(), targetMap.getValue(), assumed);
        }
        if (target instanceof NamedType targetNamed && value instanceof NamedType valueNamed) {
            TypeDeclaration wanted = targetNamed.getType();
            TypeDeclaration given = valueNamed.getType();
            if (wanted == null || given == null || wanted.eIsProxy() || given.eIsProxy()) {
                return true;
            }
            return wanted == given;
        }
        return false;
    }

    private static String literalText(LiteralType literal) {
        return switch (literal.getValue()) {
            case StringLiteral string -> "s:" + string.getValue();
            case NumberLiteral number -> "n:" + new java.math.BigDecimal(number.getValue()).stripTrailingZeros().toPlainString();
            case BooleanLiteral bool -> "b:" + bool.isValue();
            default -> "?";
        };
    }

    private static TypeRef literalPrimitive(LiteralType literal) {
        return switch (literal.getValue()) {
            case StringLiteral ignored -> primitive(PrimitiveKind.STRING);
            case NumberLiteral number -> primitive(number.getValue().contains(".") ? PrimitiveKind.FLOAT : PrimitiveKind.INT);
            case BooleanLiteral ignored -> primitive(PrimitiveKind.BOOL);
            default -> null;
        };
    }

    /** Whether the type counts as a condition: bool, or anything optional (present or not). */
    public static boolean isCondition(TypeRef type) {
        return type == null || Types.isPrimitive(Types.unwrapOptional(type), PrimitiveKind.BOOL) || Types.isOptional(type);
    }

    public static TypeRef primitive(PrimitiveKind kind) {
        PrimitiveType type = PromptStudioFactory.eINSTANCE.createPrimitiveType();
        type.setKind(kind);
        return type;
    }

    public static TypeRef list(TypeRef element) {
        ListType type = PromptStudioFactory.eINSTANCE.createListType();
        type.setElement(EcoreUtil2.copy(element));
        return type;
    }

    public static TypeRef optional(TypeRef element) {
        if (element instanceof OptionalType) {
            return element;
        }
        OptionalType type = PromptStudioFactory.eINSTANCE.createOptionalType();
        type.setElement(EcoreUtil2.copy(element));
        return type;
    }

    public static TypeRef named(TypeDeclaration declaration) {
        NamedType type = PromptStudioFactory.eINSTANCE.createNamedType();
        type.setType(declaration);
        return type;
    }
}
