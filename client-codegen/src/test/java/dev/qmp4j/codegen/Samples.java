package dev.qmp4j.codegen;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.ArrayType;
import dev.qmp4j.codegen.Schema.Builtin;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.EnumValue;
import dev.qmp4j.codegen.Schema.Member;
import dev.qmp4j.codegen.Schema.ObjectType;
import dev.qmp4j.codegen.Schema.Type;
import dev.qmp4j.codegen.Schema.Variant;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON samples of schema types, synthesized from the model: every member present (down to a
 * depth where optional members stop, so recursive types end), each enumeration value, each union
 * case and each alternate branch.
 */
final class Samples {
    /** An unsigned 64-bit size that fits no {@code long}. */
    static final BigInteger LARGE = new BigInteger("18446744073709551615");
    private static final int OPTIONAL_DEPTH = 4;
    private static final int ALTERNATE_OBJECT_DEPTH = 2;

    private final Naming naming;

    Samples(Naming naming) {
        this.naming = naming;
    }

    /** The samples that exercise a type at top level: all its values, cases or branches. */
    List<JsonElement> all(String typeName) {
        Type type = naming.type(typeName);
        List<JsonElement> samples = new ArrayList<>();
        if (type instanceof EnumType e) {
            for (EnumValue v : e.values()) {
                samples.add(new JsonPrimitive(v.name()));
            }
            samples.add(new JsonPrimitive("value-from-a-newer-qemu"));
        } else if (type instanceof ObjectType o && o.isUnion()) {
            for (Variant v : o.variants()) {
                samples.add(object(o, v, 0));
            }
            JsonObject unknown = object(o, null, 0);
            unknown.addProperty(o.tag().orElseThrow(), "case-from-a-newer-qemu");
            unknown.addProperty("member-from-a-newer-qemu", 42);
            samples.add(unknown);
        } else if (type instanceof AlternateType a) {
            for (String branch : a.memberTypes()) {
                samples.add(sample(branch, 0));
            }
        } else {
            samples.add(sample(typeName, 0));
        }
        return samples;
    }

    /** One sample of a type. */
    JsonElement sample(String typeName, int depth) {
        Type type = naming.type(typeName);
        if (type instanceof Builtin b) {
            return switch (b.name()) {
                case "str" -> new JsonPrimitive("text");
                case "int" -> new JsonPrimitive(depth == 0 ? LARGE : BigInteger.valueOf(7));
                case "bool" -> new JsonPrimitive(true);
                case "number" -> new JsonPrimitive(1.5);
                case "null" -> JsonNull.INSTANCE;
                default -> {
                    JsonObject any = new JsonObject();
                    JsonArray list = new JsonArray();
                    list.add(1);
                    list.add("x");
                    any.add("any", list);
                    yield any;
                }
            };
        }
        if (type instanceof EnumType e) {
            return new JsonPrimitive(e.values().get(0).name());
        }
        if (type instanceof ArrayType a) {
            JsonArray array = new JsonArray();
            array.add(sample(a.elementType(), depth + 1));
            return array;
        }
        if (type instanceof AlternateType a) {
            String chosen = a.memberTypes().get(0);
            if (depth >= ALTERNATE_OBJECT_DEPTH) {
                chosen = a.memberTypes().stream().filter(m -> !(naming.unwrapped(m) instanceof ObjectType))
                        .findFirst().orElse(chosen);
            }
            return sample(chosen, depth + 1);
        }
        ObjectType o = (ObjectType) type;
        return object(o, o.isUnion() ? o.variants().get(0) : null, depth);
    }

    private JsonObject object(ObjectType o, Variant variant, int depth) {
        JsonObject json = new JsonObject();
        for (Member m : o.members()) {
            if (o.tag().map(m.name()::equals).orElse(false)) {
                json.addProperty(m.name(), variant != null ? variant.caseName()
                        : ((EnumType) naming.type(m.type())).values().get(0).name());
            } else if (!m.optional() || depth < OPTIONAL_DEPTH) {
                json.add(m.name(), sample(m.type(), depth + 1));
            }
        }
        if (variant != null) {
            JsonObject members = (JsonObject) sample(variant.type(), depth);
            for (var entry : members.entrySet()) {
                json.add(entry.getKey(), entry.getValue());
            }
        }
        return json;
    }

    /** A JSON value of the wrong kind for a member of this type, or null when any value is accepted. */
    JsonElement wrongKind(String typeName) {
        Type type = naming.type(typeName);
        if (type instanceof Builtin b) {
            return switch (b.name()) {
                case "str" -> new JsonPrimitive(true);
                case "any" -> null;
                default -> new JsonPrimitive("wrong");
            };
        }
        if (type instanceof EnumType) {
            return new JsonPrimitive(5);
        }
        if (type instanceof AlternateType) {
            return null; // a kind no branch takes decodes as Unknown
        }
        return new JsonPrimitive("wrong");
    }
}
