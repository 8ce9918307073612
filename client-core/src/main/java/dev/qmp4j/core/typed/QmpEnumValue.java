package dev.qmp4j.core.typed;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Base of the generated QMP enumerations. Unlike a Java {@code enum}, a value QEMU sends that this
 * version of qmp4j does not know is kept with its raw wire name instead of failing: newer QEMUs
 * add enumeration values every release.
 *
 * <p>Values are equal when they are of the same class and have the same wire name; the
 * constants of known values are the only instances for their wire name that {@code of} returns.
 *
 * @param <K> the generated {@code Known} Java enum of the subclass, which ends with {@code UNKNOWN}
 */
public abstract class QmpEnumValue<K extends Enum<K>> {
    private final String wireName;
    private final K known;
    private final boolean isKnown;

    /**
     * Creates a value.
     *
     * @param wireName the name on the wire, such as {@code running}
     * @param known the matching {@code Known} constant, or its unknown sentinel
     * @param isKnown whether {@code known} names a real value rather than the sentinel
     */
    protected QmpEnumValue(String wireName, K known, boolean isKnown) {
        this.wireName = Objects.requireNonNull(wireName, "wireName");
        this.known = Objects.requireNonNull(known, "known");
        this.isKnown = isKnown;
    }

    /**
     * The value as QEMU spells it on the wire.
     *
     * @return the wire name, such as {@code running}
     */
    public final String wireName() {
        return wireName;
    }

    /**
     * The value as a Java enum constant, for {@code switch} statements; the {@code UNKNOWN}
     * sentinel when this version of qmp4j does not know the value.
     *
     * @return the known constant
     */
    public final K known() {
        return known;
    }

    /**
     * Whether this version of qmp4j knows the value.
     *
     * @return false for a value only a newer QEMU sends
     */
    public final boolean isKnown() {
        return isKnown;
    }

    /**
     * The value as JSON: its wire name as a string.
     *
     * @return a JSON string
     */
    public final JsonElement toJson() {
        return new JsonPrimitive(wireName);
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass()
                && ((QmpEnumValue<?>) other).wireName.equals(wireName);
    }

    @Override
    public final int hashCode() {
        return wireName.hashCode();
    }

    /**
     * The wire name.
     *
     * @return the wire name
     */
    @Override
    public final String toString() {
        return wireName;
    }

    /**
     * Indexes the known values of an enumeration by wire name, in declaration order.
     *
     * @param values the known values
     * @param <E> the enumeration class
     * @return an unmodifiable map from wire name to value
     */
    protected static <E extends QmpEnumValue<?>> Map<String, E> index(List<E> values) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E value : values) {
            map.put(value.wireName(), value);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
