package dev.qmp4j.e2e.qemu;

import dev.qmp4j.core.QmpMissingMemberException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads every member of a decoded typed value, nested values included, through its accessors:
 * proves that a real QEMU's reply has every member the vocabulary says every version sends.
 */
final class TypedValues {
    private static final String TYPES = "dev.qmp4j.core.types.";
    private static final Set<String> NOT_MEMBERS = Set.of("toJson", "toBuilder", "hashCode", "toString",
            "getClass", "known", "wireName", "isKnown", "raw");

    private TypedValues() {
    }

    /**
     * The members of the value (and of the values in it) that the server did not send though the
     * vocabulary calls them always there: {@code StatusInfo.running}, one a line.
     */
    static List<String> missingMembers(Object value) {
        List<String> missing = new java.util.ArrayList<>();
        walk(value, missing, new IdentityHashMap<>());
        return missing;
    }

    private static void walk(Object value, List<String> missing, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Optional<?> o) {
            o.ifPresent(v -> walk(v, missing, seen));
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(v -> walk(v, missing, seen));
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith(TYPES)) {
            return;
        }
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
                    || NOT_MEMBERS.contains(m.getName()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                m.setAccessible(true);
                walk(m.invoke(value), missing, seen);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof QmpMissingMemberException) {
                    missing.add(type.getSimpleName() + "." + m.getName() + ": " + e.getCause().getMessage());
                } else {
                    throw new AssertionError(type.getSimpleName() + "." + m.getName() + " failed", e.getCause());
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }
}
