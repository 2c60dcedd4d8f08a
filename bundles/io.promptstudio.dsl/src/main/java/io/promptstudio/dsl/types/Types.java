package io.promptstudio.dsl.types;

import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.Field;
import io.promptstudio.dsl.promptStudio.ListType;
import io.promptstudio.dsl.promptStudio.LiteralType;
import io.promptstudio.dsl.promptStudio.MapType;
import io.promptstudio.dsl.promptStudio.NamedType;
import io.promptstudio.dsl.promptStudio.OptionalType;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.PrimitiveType;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.TypeAlias;
import io.promptstudio.dsl.promptStudio.TypeDeclaration;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.promptStudio.UnionType;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Questions about the language's types: what a type is called, its members, whether it is a list. */
public final class Types {

    private Types() {
    }

    /** Follows type aliases to the type they stand for (stopping at alias cycles and unresolved names). */
    public static TypeRef resolve(TypeRef type) {
        Set<TypeAlias> seen = new HashSet<>();
        TypeRef current = type;
        while (current instanceof NamedType named && named.getType() instanceof TypeAlias alias && !alias.eIsProxy()
                && seen.add(alias) && alias.getType() != null) {
            current = alias.getType();
        }
        return current;
    }

    /** The declaration a named type refers to, after aliases; empty for anything else or unresolved names. */
    public static Optional<TypeDeclaration> declaration(TypeRef type) {
        TypeRef resolved = resolve(type);
        if (resolved instanceof NamedType named && named.getType() != null && !named.getType().eIsProxy()) {
            return Optional.of(named.getType());
        }
        return Optional.empty();
    }

    /** Whether a value of this type is a list a template can iterate: {@code T[]} or {@code chat}. */
    public static boolean isList(TypeRef type) {
        TypeRef resolved = resolve(type);
        return resolved instanceof ListType || isPrimitive(resolved, PrimitiveKind.CHAT);
    }

    /** The element type of a list, or null when unknown ({@code chat} elements are messages). */
    public static TypeRef elementOf(TypeRef type) {
        return resolve(type) instanceof ListType list ? list.getElement() : null;
    }

    public static boolean isOptional(TypeRef type) {
        return resolve(type) instanceof OptionalType;
    }

    public static TypeRef unwrapOptional(TypeRef type) {
        TypeRef resolved = resolve(type);
        while (resolved instanceof OptionalType optional) {
            resolved = resolve(optional.getElement());
        }
        return resolved;
    }

    public static boolean isPrimitive(TypeRef type, PrimitiveKind kind) {
        return resolve(type) instanceof PrimitiveType primitive && primitive.getKind() == kind;
    }

    /**
     * The members a path can name on a value of this type: record fields; any key of a map. Empty when
     * the type has members but not this one; null when the type has no members at all (so the caller
     * can say which).
     */
    public static Optional<TypeRef> member(TypeRef type, String name) {
        TypeRef resolved = unwrapOptional(type);
        if (resolved instanceof MapType map) {
            return Optional.ofNullable(map.getValue());
        }
        if (declaration(resolved).orElse(null) instanceof RecordType record) {
            return record.getFields().stream().filter(field -> name.equals(field.getName())).findFirst().map(Field::getType);
        }
        return Optional.empty();
    }

    /** Whether values of this type have named members at all (records and maps). */
    public static boolean hasMembers(TypeRef type) {
        TypeRef resolved = unwrapOptional(type);
        return resolved instanceof MapType || declaration(resolved).orElse(null) instanceof RecordType;
    }

    /** The names of a record's fields, for "did you mean" messages. */
    public static Set<String> memberNames(TypeRef type) {
        if (declaration(unwrapOptional(type)).orElse(null) instanceof RecordType record) {
            return record.getFields().stream().map(Field::getName).collect(Collectors.toCollection(java.util.TreeSet::new));
        }
        return Set.of();
    }

    /** How the type is written, for messages: {@code string}, {@code Ticket[]}, {@code map<string, int>}, {@code "a" | "b"}. */
    public static String describe(TypeRef type) {
        if (type == null) {
            return "?";
        }
        if (type instanceof PrimitiveType primitive) {
            return primitive.getKind().getLiteral();
        }
        if (type instanceof OptionalType optional) {
            return describe(optional.getElement()) + "?";
        }
        if (type instanceof ListType list) {
            return describe(list.getElement()) + "[]";
        }
        if (type instanceof MapType map) {
            return "map<" + describe(map.getKey()) + ", " + describe(map.getValue()) + ">";
        }
        if (type instanceof UnionType union) {
            return union.getMembers().stream().map(Types::describe).collect(Collectors.joining(" | "));
        }
        if (type instanceof LiteralType literal) {
            return Values.describe(literal.getValue());
        }
        if (type instanceof NamedType named) {
            TypeDeclaration declaration = named.getType();
            return declaration == null || declaration.eIsProxy() ? "?" : declaration.getName();
        }
        return "?";
    }

    /** Whether a type is an enum (after aliases). */
    public static boolean isEnum(TypeRef type) {
        return declaration(unwrapOptional(type)).orElse(null) instanceof EnumType;
    }
}
