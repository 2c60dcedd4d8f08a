package io.promptstudio.dsl.render;

import io.promptstudio.dsl.promptStudio.BooleanLiteral;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValueReference;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.ListValue;
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
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.types.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values of the language's types as plain Java: text is {@code String}, whole numbers {@code Long}, other numbers
 * {@code BigDecimal}, {@code bool} is {@code Boolean}, lists are {@code List}, records and maps {@code Map}
 * (insertion ordered), enum values their JSON name, absent optionals {@code null}. The same shape Jackson reads
 * JSON into, so arguments can come from JSON, from test inputs or from a form.
 */
public final class TypedValues {

    private TypedValues() {
    }

    /** The value a literal of the language stands for (a test input, a default). */
    public static Object of(Value value) {
        return switch (value) {
            case StringLiteral string -> string.getValue();
            case NumberLiteral number -> normalize(Values.number(number));
            case BooleanLiteral bool -> bool.isValue();
            case NullLiteral ignored -> null;
            case ListValue list -> list.getItems().stream().map(TypedValues::of).collect(Collectors.toCollection(ArrayList::new));
            case ObjectValue object -> {
                Map<String, Object> map = new LinkedHashMap<>();
                object.getEntries().forEach(entry -> map.put(entry.getKey(), of(entry.getValue())));
                yield map;
            }
            case EnumValueReference reference -> reference.getValue() == null || reference.getValue().eIsProxy() ? null
                    : JsonSchemaGenerator.wireName(reference.getValue());
            default -> null;
        };
    }

    /** Parsed JSON as the language's values are: maps with text keys, lists, whole numbers {@code Long}, others {@code BigDecimal}. */
    public static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value instanceof Number ? normalize(value) : value;
    }

    /** Whole numbers as {@code Long}, others as {@code BigDecimal}: what JSON parsing and literals both give. */
    public static Object normalize(Object number) {
        if (number instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return stripped.longValueExact();
            }
            return decimal;
        }
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return ((Number) number).longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : new BigDecimal(big);
        }
        if (number instanceof Double || number instanceof Float) {
            return normalize(BigDecimal.valueOf(((Number) number).doubleValue()));
        }
        return number;
    }

    /**
     * What is wrong with a value for a type, each problem starting with its path ({@code ticket.customer.plan}).
     * Records must have their required fields and no others; enum values are matched by their JSON name.
     */
    public static List<String> problems(String path, Object value, TypeRef type) {
        List<String> problems = new ArrayList<>();
        check(path, value, type, problems);
        return problems;
    }

    private static void check(String path, Object value, TypeRef type, List<String> problems) {
        TypeRef resolved = Types.resolve(type);
        if (resolved == null) {
            return;
        }
        if (resolved instanceof OptionalType optional) {
            if (value != null) {
                check(path, value, optional.getElement(), problems);
            }
            return;
        }
        if (value == null) {
            problems.add(path + ": a value of type " + Types.describe(type) + " is required, got nothing");
            return;
        }
        if (resolved instanceof UnionType union) {
            boolean fits = union.getMembers().stream().anyMatch(member -> problems(path, value, member).isEmpty());
            if (!fits) {
                problems.add(path + ": expected " + Types.describe(type) + ", got " + describe(value));
            }
            return;
        }
        if (resolved instanceof LiteralType literal) {
            Object expected = of(literal.getValue());
            if (!sameValue(expected, value)) {
                problems.add(path + ": expected " + Types.describe(type) + ", got " + describe(value));
            }
            return;
        }
        if (resolved instanceof PrimitiveType primitive) {
            boolean fits = switch (primitive.getKind()) {
                case STRING -> value instanceof String;
                case INT -> normalize(value) instanceof Long;
                case FLOAT -> normalize(value) instanceof Long || normalize(value) instanceof BigDecimal;
                case BOOL -> value instanceof Boolean;
                case CHAT -> value instanceof List<?> list && list.stream().allMatch(TypedValues::isChatMessage);
            };
            if (!fits) {
                problems.add(path + ": expected " + (primitive.getKind() == io.promptstudio.dsl.promptStudio.PrimitiveKind.CHAT
                        ? "chat (a list of {role, content} with role system, user or assistant)" : primitive.getKind().getLiteral())
                        + ", got " + describe(value));
            }
            return;
        }
        if (resolved instanceof ListType list) {
            if (!(value instanceof List<?> items)) {
                problems.add(path + ": expected a list (" + Types.describe(type) + "), got " + describe(value));
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                check(path + "[" + i + "]", items.get(i), list.getElement(), problems);
            }
            return;
        }
        if (resolved instanceof MapType map) {
            if (!(value instanceof Map<?, ?> entries)) {
                problems.add(path + ": expected an object (" + Types.describe(type) + "), got " + describe(value));
                return;
            }
            entries.forEach((key, item) -> check(path + "." + key, item, map.getValue(), problems));
            return;
        }
        var declaration = Types.declaration(resolved).orElse(null);
        if (declaration instanceof EnumType enumType) {
            List<String> names = enumType.getValues().stream().map(JsonSchemaGenerator::wireName).toList();
            if (!(value instanceof String name) || !names.contains(name)) {
                problems.add(path + ": expected one of " + String.join(", ", names) + " (enum " + enumType.getName() + "), got " + describe(value));
            }
            return;
        }
        if (declaration instanceof RecordType record) {
            if (!(value instanceof Map<?, ?> fields)) {
                problems.add(path + ": expected an object (" + record.getName() + "), got " + describe(value));
                return;
            }
            Map<String, Field> byName = new LinkedHashMap<>();
            record.getFields().forEach(field -> byName.put(JsonSchemaGenerator.wireName(field), field));
            for (Object key : fields.keySet()) {
                if (!byName.containsKey(String.valueOf(key))) {
                    problems.add(path + ": " + record.getName() + " has no field '" + key + "' (fields: " + String.join(", ", byName.keySet()) + ")");
                }
            }
            byName.forEach((name, field) -> {
                if (!fields.containsKey(name)) {
                    if (!Types.isOptional(field.getType())) {
                        problems.add(path + "." + name + ": required field of " + record.getName() + " is missing");
                    }
                } else {
                    check(path + "." + name, fields.get(name), field.getType(), problems);
                }
            });
        }
    }

    private static boolean isChatMessage(Object item) {
        return item instanceof Map<?, ?> message && message.get("content") instanceof String
                && List.of("system", "user", "assistant").contains(message.get("role"));
    }

    private static boolean sameValue(Object expected, Object actual) {
        Object a = normalize(expected);
        Object b = normalize(actual);
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return a != null && a.equals(b);
    }

    /** How a value reads in an error message. */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String string -> "\"" + (string.length() > 40 ? string.substring(0, 40) + "…" : string) + "\"";
            case List<?> list -> "a list of " + list.size();
            case Map<?, ?> map -> "an object";
            default -> String.valueOf(value);
        };
    }
}
