package dev.qmp4j.core.typed;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.QmpMissingMemberException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpVersion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * JSON decoding and encoding for the generated types. Decoding is lenient where QMP allows it:
 * unknown members are ignored, and a member that every known QEMU sends but a server left out is
 * no decoding error (reading it fails later with {@link QmpMissingMemberException}). A value of
 * the wrong JSON kind is a {@link QmpProtocolException} whose message names the Java type and the
 * QMP member, nested types included, such as
 * {@code BlockInfo: member 'inserted': BlockDeviceInfo: member 'ro': expected a JSON boolean, got string "x"}.
 */
public final class TypedJson {
    private static final int QUOTED_VALUE_LIMIT = 60;

    private TypedJson() {
    }

    /**
     * The value as a JSON object.
     *
     * @param json the value
     * @param type the Java type being decoded, for the error message
     * @return the object
     * @throws QmpProtocolException when the value is not an object
     */
    public static JsonObject object(JsonElement json, String type) {
        if (json == null || !json.isJsonObject()) {
            throw new QmpProtocolException(type + ": expected a JSON object, got " + describe(json));
        }
        return json.getAsJsonObject();
    }

    /** Decodes {@code str}. */
    public static final JsonDecoder<String> STRING = (json, server) -> string(json);
    /** Decodes {@code bool}. */
    public static final JsonDecoder<Boolean> BOOL = (json, server) -> bool(json);
    /** Decodes {@code number}. */
    public static final JsonDecoder<Double> NUMBER = (json, server) -> number(json);
    /** Decodes {@code int}. */
    public static final JsonDecoder<BigInteger> INTEGER = (json, server) -> integer(json);
    /** Decodes {@code any}: a copy. */
    public static final JsonDecoder<JsonElement> ANY = (json, server) -> any(json);
    /** Decodes {@code null}. */
    public static final JsonDecoder<JsonNull> NULL = (json, server) -> nullValue(json);

    /**
     * Decodes a member that every known QEMU version sends. A server that left it out (a newer
     * QEMU) is no error here: the value is null, and reading it later through {@link #present}
     * fails, naming the member and the server.
     *
     * @param object the object holding the member
     * @param type the Java type being decoded
     * @param member the member's QMP name
     * @param decoder decodes the member's value
     * @param serverVersion the server's QEMU version, or null
     * @param <T> the member's Java type
     * @return the decoded value, or null when absent
     * @throws QmpProtocolException when the member is present but cannot be decoded
     */
    public static <T> T required(JsonObject object, String type, String member, JsonDecoder<T> decoder,
            QmpVersion serverVersion) {
        JsonElement value = object.get(member);
        return value == null ? null : member(value, type, member, decoder, serverVersion);
    }

    /**
     * The value of a member that every known QEMU version sends, as read through its accessor.
     *
     * @param value the value, null when the server did not send it
     * @param type the Java type holding it
     * @param member the member's QMP name
     * @param serverVersion the version of the server that sent the value, or null
     * @param <T> the member's Java type
     * @return the value
     * @throws QmpMissingMemberException when the server did not send it
     */
    public static <T> T present(T value, String type, String member, QmpVersion serverVersion) {
        if (value == null) {
            throw new QmpMissingMemberException(type, member, serverVersion);
        }
        return value;
    }

    /**
     * Decodes an optional member whose type cannot be JSON null: an absent member and a JSON null
     * both give an empty Optional.
     *
     * @param object the object holding the member
     * @param type the Java type being decoded
     * @param member the member's QMP name
     * @param decoder decodes the member's value
     * @param serverVersion the server's QEMU version, or null
     * @param <T> the member's Java type
     * @return the decoded value, or empty
     * @throws QmpProtocolException when the member is present but cannot be decoded
     */
    public static <T> Optional<T> optional(JsonObject object, String type, String member, JsonDecoder<T> decoder,
            QmpVersion serverVersion) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return Optional.empty();
        }
        return Optional.of(member(value, type, member, decoder, serverVersion));
    }

    /**
     * Decodes an optional member whose type admits JSON null (the {@code null} type, or an
     * alternate with a {@code null} branch): only an absent member gives an empty Optional.
     *
     * @param object the object holding the member
     * @param type the Java type being decoded
     * @param member the member's QMP name
     * @param decoder decodes the member's value
     * @param serverVersion the server's QEMU version, or null
     * @param <T> the member's Java type
     * @return the decoded value, or empty when absent
     * @throws QmpProtocolException when the member is present but cannot be decoded
     */
    public static <T> Optional<T> optionalNullable(JsonObject object, String type, String member,
            JsonDecoder<T> decoder, QmpVersion serverVersion) {
        JsonElement value = object.get(member);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(member(value, type, member, decoder, serverVersion));
    }

    private static <T> T member(JsonElement value, String type, String member, JsonDecoder<T> decoder,
            QmpVersion serverVersion) {
        try {
            return Objects.requireNonNull(decoder.decode(value, serverVersion), "decoder result");
        } catch (QmpMissingMemberException e) {
            throw e;
        } catch (QmpProtocolException e) {
            throw new QmpProtocolException(type + ": member '" + member + "': " + e.getMessage(), e);
        }
    }

    /**
     * Whether the value is a JSON string (how an alternate picks its {@code str} or enum branch).
     *
     * @param json the value
     * @return true for a string
     */
    public static boolean isString(JsonElement json) {
        return json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isString();
    }

    /**
     * Whether the value is a JSON number.
     *
     * @param json the value
     * @return true for a number
     */
    public static boolean isNumber(JsonElement json) {
        return json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber();
    }

    /**
     * Whether the value is a JSON boolean.
     *
     * @param json the value
     * @return true for a boolean
     */
    public static boolean isBoolean(JsonElement json) {
        return json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isBoolean();
    }

    /**
     * Decodes a JSON string ({@code str}).
     *
     * @param json the value
     * @return the string
     * @throws QmpProtocolException when the value is not a string
     */
    public static String string(JsonElement json) {
        if (json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
            return json.getAsString();
        }
        throw new QmpProtocolException("expected a JSON string, got " + describe(json));
    }

    /**
     * Decodes a JSON boolean ({@code bool}).
     *
     * @param json the value
     * @return the boolean
     * @throws QmpProtocolException when the value is not a boolean
     */
    public static Boolean bool(JsonElement json) {
        if (json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isBoolean()) {
            return json.getAsBoolean();
        }
        throw new QmpProtocolException("expected a JSON boolean, got " + describe(json));
    }

    /**
     * Decodes a JSON number ({@code number}).
     *
     * @param json the value
     * @return the number
     * @throws QmpProtocolException when the value is not a number
     */
    public static Double number(JsonElement json) {
        if (json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            return json.getAsDouble();
        }
        throw new QmpProtocolException("expected a JSON number, got " + describe(json));
    }

    /**
     * Decodes a JSON integer (every QAPI integer type, {@code int} in introspection), of any size:
     * QEMU sends unsigned 64-bit sizes that do not fit a {@code long}.
     *
     * @param json the value
     * @return the integer
     * @throws QmpProtocolException when the value is not an integral number
     */
    public static BigInteger integer(JsonElement json) {
        if (json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            try {
                return new BigDecimal(json.getAsString()).toBigIntegerExact();
            } catch (ArithmeticException | NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new QmpProtocolException("expected a JSON integer, got " + describe(json));
    }

    /**
     * Decodes any JSON value ({@code any}): a copy of it.
     *
     * @param json the value
     * @return a deep copy
     */
    public static JsonElement any(JsonElement json) {
        return json == null ? JsonNull.INSTANCE : json.deepCopy();
    }

    /**
     * Decodes JSON null ({@code null}).
     *
     * @param json the value
     * @return {@link JsonNull#INSTANCE}
     * @throws QmpProtocolException when the value is not null
     */
    public static JsonNull nullValue(JsonElement json) {
        if (json != null && json.isJsonNull()) {
            return JsonNull.INSTANCE;
        }
        throw new QmpProtocolException("expected JSON null, got " + describe(json));
    }

    /**
     * Decodes a JSON array into an unmodifiable list.
     *
     * @param json the value
     * @param serverVersion the server's QEMU version, or null
     * @param element decodes one element
     * @param <T> the element type
     * @return the list
     * @throws QmpProtocolException when the value is not an array or an element cannot be decoded
     */
    public static <T> List<T> list(JsonElement json, QmpVersion serverVersion, JsonDecoder<T> element) {
        if (json == null || !json.isJsonArray()) {
            throw new QmpProtocolException("expected a JSON array, got " + describe(json));
        }
        JsonArray array = json.getAsJsonArray();
        List<T> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            try {
                list.add(Objects.requireNonNull(element.decode(array.get(i), serverVersion), "element decoder result"));
            } catch (QmpProtocolException e) {
                throw new QmpProtocolException("element " + i + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * The result of a command that returns an empty object: nothing. Whatever the server
     * returned is ignored.
     *
     * @param json the reply's {@code return} value
     * @param serverVersion the server's QEMU version, unused
     * @return null, as {@link Void}
     */
    public static Void none(JsonElement json, QmpVersion serverVersion) {
        return null;
    }

    /**
     * Encodes a string.
     *
     * @param value the string
     * @return a JSON string
     */
    public static JsonElement stringJson(String value) {
        return new JsonPrimitive(value);
    }

    /**
     * Encodes a boolean.
     *
     * @param value the boolean
     * @return a JSON boolean
     */
    public static JsonElement boolJson(boolean value) {
        return new JsonPrimitive(value);
    }

    /**
     * Encodes a number.
     *
     * @param value the number
     * @return a JSON number
     */
    public static JsonElement numberJson(double value) {
        return new JsonPrimitive(value);
    }

    /**
     * Encodes an integer.
     *
     * @param value the integer
     * @return a JSON number
     */
    public static JsonElement integerJson(BigInteger value) {
        return new JsonPrimitive(value);
    }

    /**
     * Encodes any JSON value: a copy of it.
     *
     * @param value the value
     * @return a deep copy
     */
    public static JsonElement anyJson(JsonElement value) {
        return value.deepCopy();
    }

    /**
     * Encodes JSON null.
     *
     * @param value {@link JsonNull#INSTANCE}
     * @return JSON null
     */
    public static JsonElement nullJson(JsonNull value) {
        return JsonNull.INSTANCE;
    }

    /**
     * Encodes a list as a JSON array.
     *
     * @param values the list
     * @param element encodes one element
     * @param <T> the element type
     * @return the array
     */
    public static <T> JsonArray array(List<T> values, Function<? super T, ? extends JsonElement> element) {
        JsonArray array = new JsonArray(values.size());
        for (T value : values) {
            array.add(element.apply(value));
        }
        return array;
    }

    /**
     * The members of an object other than the given ones, as a new object: what a flat union
     * case that this version does not know holds besides the union's base members.
     *
     * @param object the whole object
     * @param baseMembers the QMP names of the base members
     * @return a new object with the other members, deep copies
     */
    public static JsonObject without(JsonObject object, Set<String> baseMembers) {
        JsonObject rest = new JsonObject();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            if (!baseMembers.contains(entry.getKey())) {
                rest.add(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return rest;
    }

    /**
     * Adds the members of {@code members} to {@code target}, as QMP merges a flat union's
     * variant members into its base object. Members the target already has are kept.
     *
     * @param target the object to complete
     * @param members the members to add (copied)
     */
    public static void merge(JsonObject target, JsonObject members) {
        for (Map.Entry<String, JsonElement> entry : members.entrySet()) {
            if (!target.has(entry.getKey())) {
                target.add(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }

    /**
     * Checks that a builder's required member was set.
     *
     * @param value the value, null when not set
     * @param type the Java type being built
     * @param member the member's QMP name
     * @param <T> the member's Java type
     * @return the value
     * @throws IllegalStateException when it was not set
     */
    public static <T> T built(T value, String type, String member) {
        if (value == null) {
            throw new IllegalStateException(type + ": required member '" + member + "' was not set");
        }
        return value;
    }

    /**
     * A short description of a JSON value for error messages: its kind and the start of its text.
     *
     * @param json the value, or null when absent
     * @return such as {@code string "abc"} or {@code object {"a":1,...}}
     */
    public static String describe(JsonElement json) {
        if (json == null) {
            return "nothing";
        }
        String kind;
        if (json.isJsonObject()) {
            kind = "object";
        } else if (json.isJsonArray()) {
            kind = "array";
        } else if (json.isJsonNull()) {
            return "null";
        } else if (json.getAsJsonPrimitive().isString()) {
            kind = "string";
        } else if (json.getAsJsonPrimitive().isBoolean()) {
            kind = "boolean";
        } else {
            kind = "number";
        }
        String text = json.toString();
        if (text.length() > QUOTED_VALUE_LIMIT) {
            text = text.substring(0, QUOTED_VALUE_LIMIT) + "...";
        }
        return kind + " " + text;
    }
}
