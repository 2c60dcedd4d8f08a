package io.promptstudio.dsl.types;

import io.promptstudio.dsl.promptStudio.BooleanLiteral;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.EnumValueReference;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.ListValue;
import io.promptstudio.dsl.promptStudio.Literal;
import io.promptstudio.dsl.promptStudio.LiteralType;
import io.promptstudio.dsl.promptStudio.MapType;
import io.promptstudio.dsl.promptStudio.NullLiteral;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.ObjectValue;
import io.promptstudio.dsl.promptStudio.OptionalType;
import io.promptstudio.dsl.promptStudio.PrimitiveType;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.promptStudio.UnionType;
import io.promptstudio.dsl.promptStudio.Value;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Literal values against types: what a value is, and whether it fits a type (and if not, why). */
public final class Values {

    private Values() {
    }

    /** How a value reads in a message: {@code "high"}, {@code 3}, {@code true}, {@code a list}, … */
    public static String describe(Value value) {
        if (value instanceof StringLiteral string) {
            return "\"" + string.getValue() + "\"";
        }
        if (value instanceof NumberLiteral number) {
            return number.getValue();
        }
        if (value instanceof BooleanLiteral bool) {
            return String.valueOf(bool.isValue());
        }
        if (value instanceof NullLiteral) {
            return "null";
        }
        if (value instanceof ListValue) {
            return "a list";
        }
        if (value instanceof ObjectValue) {
            return "an object";
        }
        if (value instanceof EnumValueReference reference && reference.getValue() != null && !reference.getValue().eIsProxy()) {
            EnumValue enumValue = reference.getValue();
            return ((EnumType) enumValue.eContainer()).getName() + "." + enumValue.getName();
        }
        return "a value";
    }

    /** The number a number literal stands for; null when the literal is malformed. */
    public static BigDecimal number(Value value) {
        if (value instanceof NumberLiteral number) {
            try {
                return new BigDecimal(number.getValue());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Why {@code value} does not fit {@code type}, or empty when it does. Unresolved names count as
     * fitting: the linker already reports them.
     */
    public static Optional<String> mismatch(Value value, TypeRef type) {
        TypeRef resolved = Types.resolve(type);
        if (resolved == null) {
            return Optional.empty();
        }
        if (resolved instanceof OptionalType optional) {
            return value instanceof NullLiteral ? Optional.empty() : mismatch(value, optional.getElement());
        }
        if (value instanceof NullLiteral) {
            return Optional.of("null is only allowed for optional types; " + Types.describe(type) + " is not optional");
        }
        if (resolved instanceof UnionType union) {
            boolean fits = union.getMembers().stream().anyMatch(member -> mismatch(value, member).isEmpty());
            return fits ? Optional.empty() : expected(value, type);
        }
        if (resolved instanceof LiteralType literal) {
            return sameLiteral(value, literal.getValue()) ? Optional.empty() : expected(value, type);
        }
        if (resolved instanceof PrimitiveType primitive) {
            return switch (primitive.getKind()) {
                case STRING -> value instanceof StringLiteral ? Optional.empty() : expected(value, type);
                case BOOL -> value instanceof BooleanLiteral ? Optional.empty() : expected(value, type);
                case FLOAT -> value instanceof NumberLiteral ? Optional.empty() : expected(value, type);
                case INT -> isInteger(value) ? Optional.empty()
                        : value instanceof NumberLiteral ? Optional.of(describe(value) + " is not a whole number, but int is expected")
                        : expected(value, type);
                case CHAT -> value instanceof ListValue ? Optional.empty() : expected(value, type);
            };
        }
        if (resolved instanceof ListType list) {
            if (!(value instanceof ListValue items)) {
                return expected(value, type);
            }
            for (int i = 0; i < items.getItems().size(); i++) {
                Optional<String> problem = mismatch(items.getItems().get(i), list.getElement());
                if (problem.isPresent()) {
                    return Optional.of("item " + (i + 1) + ": " + problem.get());
                }
            }
            return Optional.empty();
        }
        if (resolved instanceof MapType map) {
            if (!(value instanceof ObjectValue object)) {
                return expected(value, type);
            }
            for (var entry : object.getEntries()) {
                Optional<String> problem = mismatch(entry.getValue(), map.getValue());
                if (problem.isPresent()) {
                    return Optional.of("'" + entry.getKey() + "': " + problem.get());
                }
            }
            return Optional.empty();
        }
        var declaration = Types.declaration(resolved);
        if (declaration.isEmpty()) {
            return Optional.empty();
        }
        if (declaration.get() instanceof EnumType enumType) {
            if (value instanceof EnumValueReference reference) {
                return reference.getValue() == null || reference.getValue().eIsProxy() || reference.getValue().eContainer() == enumType
                        ? Optional.empty() : expected(value, type);
            }
            return Optional.of(describe(value) + " is not a value of enum " + enumType.getName() + " (write "
                    + enumType.getName() + "." + (enumType.getValues().isEmpty() ? "VALUE" : enumType.getValues().get(0).getName()) + ")");
        }
        if (declaration.get() instanceof RecordType record) {
            if (!(value instanceof ObjectValue object)) {
                return expected(value, type);
            }
            Set<String> fields = record.getFields().stream().map(Field::getName).collect(Collectors.toSet());
            for (var entry : object.getEntries()) {
                if (!fields.contains(entry.getKey())) {
                    return Optional.of(record.getName() + " has no field '" + entry.getKey() + "' (fields: "
                            + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
                }
            }
            for (Field field : record.getFields()) {
                var entry = object.getEntries().stream().filter(e -> field.getName().equals(e.getKey())).findFirst();
                if (entry.isEmpty()) {
                    if (!Types.isOptional(field.getType())) {
                        return Optional.of(record.getName() + "." + field.getName() + " is required but missing");
                    }
                    continue;
                }
                Optional<String> problem = mismatch(entry.get().getValue(), field.getType());
                if (problem.isPresent()) {
                    return Optional.of(field.getName() + ": " + problem.get());
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isInteger(Value value) {
        BigDecimal number = number(value);
        return number != null && number.stripTrailingZeros().scale() <= 0 && !((NumberLiteral) value).getValue().contains(".");
    }

    private static boolean sameLiteral(Value value, Literal literal) {
        if (value instanceof StringLiteral a && literal instanceof StringLiteral b) {
            return a.getValue().equals(b.getValue());
        }
        if (value instanceof NumberLiteral && literal instanceof NumberLiteral) {
            BigDecimal a = number(value);
            BigDecimal b = number(literal);
            return a != null && b != null && a.compareTo(b) == 0;
        }
        if (value instanceof BooleanLiteral a && literal instanceof BooleanLiteral b) {
            return a.isValue() == b.isValue();
        }
        return false;
    }

    private static Optional<String> expected(Value value, TypeRef type) {
        return Optional.of(describe(value) + " is not a " + Types.describe(type));
    }
}
