package io.promptstudio.dsl.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.Annotation;
import io.promptstudio.dsl.promptStudio.BooleanLiteral;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.EnumValue;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.Literal;
import io.promptstudio.dsl.promptStudio.LiteralType;
import io.promptstudio.dsl.promptStudio.MapType;
import io.promptstudio.dsl.promptStudio.NamedType;
import io.promptstudio.dsl.promptStudio.NumberLiteral;
import io.promptstudio.dsl.promptStudio.OptionalType;
import io.promptstudio.dsl.promptStudio.PrimitiveType;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.StringLiteral;
import io.promptstudio.dsl.promptStudio.TypeAlias;
import io.promptstudio.dsl.promptStudio.TypeDeclaration;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.promptStudio.UnionType;
import io.promptstudio.dsl.types.Annotations;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.dsl.types.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/**
 * JSON Schema (draft 2020-12) for the language's types: what a provider's structured-output mode is given,
 * what {@code {{ output_format }}} renders, and what the output parser coerces against. Records and enums
 * become {@code $defs} (so recursive types work), field annotations become constraints, and docs become
 * descriptions. Types that JSON cannot carry (a map keyed by numbers or records) are reported, not guessed.
 */
public class JsonSchemaGenerator {

    /** The {@code $schema} of every generated document. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Inject
    private IEObjectDocumentationProvider documentation;

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    /** A part of a type that has no JSON Schema, with the element to place the finding on. */
    public record Problem(EObject where, String message) {
    }

    /** A generated schema and what could not be expressed (the schema is then incomplete). */
    public record Result(ObjectNode schema, List<Problem> problems) {
        public boolean complete() {
            return problems.isEmpty();
        }
    }

    /** The schema of a prompt's output, titled after the prompt. */
    public Result forOutput(Prompt prompt) {
        Result result = forType(prompt.getOutput());
        ObjectNode titled = JSON.objectNode().put("$schema", DIALECT).put("title", prompt.getName() + " output");
        documentation(prompt).ifPresent(text -> titled.put("description", text));
        result.schema().fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("$schema")) {
                titled.set(entry.getKey(), entry.getValue());
            }
        });
        return new Result(titled, result.problems());
    }

    /**
     * What of a type JSON Schema cannot express, without building the schema: what the checker asks for every
     * prompt. Visits each record and alias once.
     */
    public List<Problem> problems(TypeRef type) {
        List<Problem> problems = new ArrayList<>();
        collectProblems(type, new HashSet<>(), new HashSet<>(), problems);
        return problems;
    }

    private void collectProblems(TypeRef type, Set<TypeDeclaration> visited, Set<TypeAlias> expanding, List<Problem> problems) {
        if (type == null) {
            return;
        }
        if (type instanceof OptionalType optional) {
            collectProblems(optional.getElement(), visited, expanding, problems);
        } else if (type instanceof ListType list) {
            collectProblems(list.getElement(), visited, expanding, problems);
        } else if (type instanceof UnionType union) {
            union.getMembers().forEach(member -> collectProblems(member, visited, expanding, problems));
        } else if (type instanceof MapType map) {
            Generation keys = new Generation();
            keys.keyNames(map);
            problems.addAll(keys.problems);
            collectProblems(map.getValue(), visited, expanding, problems);
        } else if (type instanceof NamedType named && named.getType() != null && !named.getType().eIsProxy()) {
            TypeDeclaration declaration = named.getType();
            if (declaration instanceof TypeAlias alias) {
                if (!expanding.add(alias)) {
                    problems.add(new Problem(type, "type alias '" + alias.getName() + "' stands for itself, so it has no JSON Schema"));
                    return;
                }
                collectProblems(alias.getType(), visited, expanding, problems);
                expanding.remove(alias);
            } else if (declaration instanceof RecordType record && visited.add(record)) {
                record.getFields().forEach(field -> collectProblems(field.getType(), visited, expanding, problems));
            }
        }
    }

    /** The schema of any type, with the records and enums it uses under {@code $defs}. */
    public Result forType(TypeRef type) {
        Generation generation = new Generation();
        JsonNode body = generation.schema(type);
        ObjectNode schema = JSON.objectNode().put("$schema", DIALECT);
        body.fields().forEachRemaining(entry -> schema.set(entry.getKey(), entry.getValue()));
        if (!generation.definitions.isEmpty()) {
            ObjectNode defs = schema.putObject("$defs");
            generation.definitions.forEach(defs::set);
        }
        return new Result(schema, List.copyOf(generation.problems));
    }

    /** One generation: the definitions made so far and the problems found. */
    private final class Generation {
        final Map<String, ObjectNode> definitions = new LinkedHashMap<>();
        final Map<TypeDeclaration, String> names = new LinkedHashMap<>();
        final List<Problem> problems = new ArrayList<>();
        final Set<TypeAlias> expanding = new HashSet<>();

        ObjectNode schema(TypeRef type) {
            if (type == null) {
                return JSON.objectNode();
            }
            if (type instanceof PrimitiveType primitive) {
                return switch (primitive.getKind()) {
                    case STRING -> typed("string");
                    case INT -> typed("integer");
                    case FLOAT -> typed("number");
                    case BOOL -> typed("boolean");
                    case CHAT -> chat();
                };
            }
            if (type instanceof OptionalType optional) {
                ObjectNode inner = schema(optional.getElement());
                if (inner.size() == 1 && inner.has("type") && inner.get("type").isTextual()) {
                    return JSON.objectNode().set("type", JSON.arrayNode().add(inner.get("type").asText()).add("null"));
                }
                return JSON.objectNode().set("anyOf", JSON.arrayNode().add(inner).add(typed("null")));
            }
            if (type instanceof ListType list) {
                return typed("array").set("items", schema(list.getElement()));
            }
            if (type instanceof MapType map) {
                ObjectNode object = typed("object");
                keyNames(map).ifPresent(keys -> object.putObject("propertyNames").set("enum", keys));
                object.set("additionalProperties", schema(map.getValue()));
                return object;
            }
            if (type instanceof LiteralType literal) {
                return JSON.objectNode().set("const", value(literal.getValue()));
            }
            if (type instanceof UnionType union) {
                if (union.getMembers().stream().allMatch(LiteralType.class::isInstance)) {
                    ArrayNode values = JSON.arrayNode();
                    union.getMembers().forEach(member -> values.add(value(((LiteralType) member).getValue())));
                    return JSON.objectNode().set("enum", values);
                }
                ArrayNode members = JSON.arrayNode();
                union.getMembers().forEach(member -> members.add(schema(member)));
                return JSON.objectNode().set("anyOf", members);
            }
            if (type instanceof NamedType named) {
                TypeDeclaration declaration = named.getType();
                if (declaration == null || declaration.eIsProxy()) {
                    return JSON.objectNode();
                }
                if (declaration instanceof TypeAlias alias) {
                    if (!expanding.add(alias)) {
                        problems.add(new Problem(type, "type alias '" + alias.getName() + "' stands for itself, so it has no JSON Schema"));
                        return JSON.objectNode();
                    }
                    ObjectNode expanded = schema(alias.getType());
                    expanding.remove(alias);
                    return expanded;
                }
                return JSON.objectNode().put("$ref", "#/$defs/" + define(declaration));
            }
            return JSON.objectNode();
        }

        private Optional<ArrayNode> keyNames(MapType map) {
            TypeRef key = Types.resolve(map.getKey());
            if (Types.isPrimitive(key, io.promptstudio.dsl.promptStudio.PrimitiveKind.STRING)) {
                return Optional.empty();
            }
            ArrayNode names = JSON.arrayNode();
            if (Types.declaration(key).orElse(null) instanceof EnumType enumType) {
                enumType.getValues().forEach(value -> names.add(wireName(value)));
                return Optional.of(names);
            }
            List<TypeRef> members = key instanceof UnionType union ? union.getMembers() : List.of(key);
            if (members.stream().allMatch(member -> member instanceof LiteralType literal && literal.getValue() instanceof StringLiteral)) {
                members.forEach(member -> names.add(((StringLiteral) ((LiteralType) member).getValue()).getValue()));
                return Optional.of(names);
            }
            problems.add(new Problem(map, "JSON object keys are text: a map key must be string, an enum or string literals, not "
                    + Types.describe(map.getKey())));
            return Optional.empty();
        }

        private String define(TypeDeclaration declaration) {
            String known = names.get(declaration);
            if (known != null) {
                return known;
            }
            String name = declaration.getName();
            if (names.containsValue(name)) {
                QualifiedName qualified = qualifiedNames.getFullyQualifiedName(declaration);
                name = qualified == null ? name + "_" + names.size() : qualified.toString();
            }
            names.put(declaration, name);
            ObjectNode definition = JSON.objectNode();
            definitions.put(name, definition);
            if (declaration instanceof RecordType record) {
                record(record, definition);
            } else if (declaration instanceof EnumType enumType) {
                enumeration(enumType, definition);
            }
            return name;
        }

        private void record(RecordType record, ObjectNode definition) {
            definition.put("type", "object");
            documentation(record).ifPresent(text -> definition.put("description", text));
            ObjectNode properties = definition.putObject("properties");
            ArrayNode required = JSON.arrayNode();
            for (Field field : record.getFields()) {
                ObjectNode property = schema(field.getType()).deepCopy();
                constrain(property, field);
                properties.set(wireName(field), property);
                if (!Types.isOptional(field.getType())) {
                    required.add(wireName(field));
                }
            }
            if (!required.isEmpty()) {
                definition.set("required", required);
            }
            definition.put("additionalProperties", false);
        }

        private void enumeration(EnumType enumType, ObjectNode definition) {
            definition.put("type", "string");
            documentation(enumType).ifPresent(text -> definition.put("description", text));
            boolean described = enumType.getValues().stream().anyMatch(value -> describe(value).isPresent());
            if (described) {
                ArrayNode choices = definition.putArray("oneOf");
                for (EnumValue value : enumType.getValues()) {
                    ObjectNode choice = choices.addObject().put("const", wireName(value));
                    describe(value).ifPresent(text -> choice.put("description", text));
                }
            } else {
                ArrayNode values = definition.putArray("enum");
                enumType.getValues().forEach(value -> values.add(wireName(value)));
            }
        }

        private void constrain(ObjectNode property, Field field) {
            List<Annotation> annotations = field.getAnnotations();
            Annotations.string(annotations, "description").or(() -> documentation(field))
                    .ifPresent(text -> property.put("description", text));
            Annotations.numbers(annotations, "range").filter(bounds -> bounds.size() == 2).ifPresent(bounds -> {
                property.set("minimum", number(bounds.get(0)));
                property.set("maximum", number(bounds.get(1)));
            });
            Annotations.string(annotations, "pattern").ifPresent(pattern -> property.put("pattern", pattern));
            for (String count : List.of("minLength", "maxLength", "minItems", "maxItems")) {
                Annotations.numbers(annotations, count).filter(values -> values.size() == 1)
                        .ifPresent(values -> property.set(count, number(values.get(0))));
            }
        }

        private Optional<String> describe(EnumValue value) {
            return Annotations.string(value.getAnnotations(), "description").or(() -> documentation(value));
        }
    }

    /** The name a field or enum value has in JSON: its {@code @alias}, or its own name. */
    public static String wireName(Field field) {
        return Annotations.string(field.getAnnotations(), "alias").orElse(field.getName());
    }

    /** The name an enum value has in JSON: its {@code @alias}, or its own name. */
    public static String wireName(EnumValue value) {
        return Annotations.string(value.getAnnotations(), "alias").orElse(value.getName());
    }

    private Optional<String> documentation(EObject object) {
        String text = documentation == null ? null : documentation.getDocumentation(object);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    private static ObjectNode typed(String type) {
        return JSON.objectNode().put("type", type);
    }

    private static ObjectNode chat() {
        ObjectNode message = typed("object");
        ObjectNode properties = message.putObject("properties");
        properties.putObject("role").set("enum", JSON.arrayNode().add("system").add("user").add("assistant"));
        properties.set("content", typed("string"));
        message.set("required", JSON.arrayNode().add("role").add("content"));
        message.put("additionalProperties", false);
        return typed("array").set("items", message);
    }

    private static JsonNode value(Literal literal) {
        if (literal instanceof StringLiteral string) {
            return JSON.textNode(string.getValue());
        }
        if (literal instanceof NumberLiteral) {
            BigDecimal number = Values.number(literal);
            return number == null ? JSON.nullNode() : number(number);
        }
        if (literal instanceof BooleanLiteral bool) {
            return JSON.booleanNode(bool.isValue());
        }
        return JSON.nullNode();
    }

    private static JsonNode number(BigDecimal number) {
        BigDecimal plain = number.stripTrailingZeros();
        if (plain.scale() <= 0 && plain.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return JSON.numberNode(plain.longValueExact());
        }
        return JSON.numberNode(number);
    }
}
