package dev.qmp4j.codegen;

import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.ArrayType;
import dev.qmp4j.codegen.Schema.Builtin;
import dev.qmp4j.codegen.Schema.Type;

/**
 * How a schema type appears in Java: its type, and the expressions that decode it from and
 * encode it to JSON (through {@code dev.qmp4j.core.typed.TypedJson} for builtins and lists, the
 * generated {@code fromJson}/{@code toJson} for the rest).
 */
final class JavaTypes {
    /**
     * A schema type in Java.
     *
     * @param type the type of a required component ({@code boolean}, {@code double} are primitive)
     * @param boxed the type inside {@code Optional} and {@code List}
     * @param decoder a {@code JsonDecoder<boxed>} expression: a constant or a method reference
     *     ({@code TypedJson.STRING}, {@code StatusInfo::fromJson}), or for a list a lambda
     * @param encoder a {@code Function<boxed, JsonElement>} expression
     * @param encodeTemplate an expression encoding {@code %s}
     * @param nullable whether JSON null is one of the type's values
     * @param copyTemplate a defensive copy of {@code %s} for the canonical constructor, or null
     * @param label a short name for an alternate's branch record: {@code Of<label>}
     */
    record Ref(String type, String boxed, String decoder, String encoder, String encodeTemplate, boolean nullable,
            String copyTemplate, String label) {
        String encode(String expression) {
            return encodeTemplate.formatted(expression);
        }

        boolean isPrimitive() {
            return !type.equals(boxed);
        }

        boolean isList() {
            return boxed.startsWith("List<");
        }

        /** An expression decoding JSON {@code json} of a server of version {@code version}. */
        String decodeCall(String json, String version) {
            if (decoder.startsWith("(value, server) -> ")) {
                return decoder.substring("(value, server) -> ".length()).replace("(value, server,",
                        "(" + json + ", " + version + ",");
            }
            if (decoder.contains("::")) {
                String[] parts = decoder.split("::");
                return parts[0] + "." + parts[1] + "(" + json + ", " + version + ")";
            }
            return decoder + ".decode(" + json + ", " + version + ")";
        }
    }

    private final Naming naming;

    JavaTypes(Naming naming) {
        this.naming = naming;
    }

    /** The Java form of a (masked) type name. */
    Ref ref(String typeName) {
        Type type = naming.type(typeName);
        if (type instanceof Builtin b) {
            return builtin(b.name());
        }
        if (type instanceof ArrayType a) {
            if (naming.type(a.elementType()) instanceof ArrayType) {
                throw new IllegalArgumentException("arrays of arrays are not supported: " + a.name());
            }
            Ref element = ref(a.elementType());
            String list = "List<" + element.boxed() + ">";
            return new Ref(list, list, "(value, server) -> TypedJson.list(value, server, " + element.decoder() + ")",
                    "value -> TypedJson.array(value, " + element.encoder() + ")",
                    "TypedJson.array(%s, " + element.encoder() + ")", false, "List.copyOf(%s)",
                    element.label() + "List");
        }
        String name = naming.javaName(typeName);
        boolean nullable = type instanceof AlternateType alt
                && alt.memberTypes().stream().anyMatch(m -> m.equals("null"));
        return new Ref(name, name, name + "::fromJson", name + "::toJson", "%s.toJson()", nullable, null, name);
    }

    private static Ref builtin(String name) {
        return switch (name) {
            case "str" -> new Ref("String", "String", "TypedJson.STRING", "TypedJson::stringJson",
                    "TypedJson.stringJson(%s)", false, null, "String");
            case "bool" -> new Ref("boolean", "Boolean", "TypedJson.BOOL", "TypedJson::boolJson",
                    "TypedJson.boolJson(%s)", false, null, "Boolean");
            case "number" -> new Ref("double", "Double", "TypedJson.NUMBER", "TypedJson::numberJson",
                    "TypedJson.numberJson(%s)", false, null, "Number");
            case "int" -> new Ref("BigInteger", "BigInteger", "TypedJson.INTEGER", "TypedJson::integerJson",
                    "TypedJson.integerJson(%s)", false, null, "Integer");
            case "any" -> new Ref("JsonElement", "JsonElement", "TypedJson.ANY", "TypedJson::anyJson",
                    "TypedJson.anyJson(%s)", true, "%s.deepCopy()", "Any");
            case "null" -> new Ref("JsonNull", "JsonNull", "TypedJson.NULL", "TypedJson::nullJson",
                    "TypedJson.nullJson(%s)", true, null, "Null");
            default -> throw new IllegalArgumentException("unknown builtin type " + name);
        };
    }
}
