package dev.qmp4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmp4j.blocking.BlockingConnectionChanges;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpListener;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.blocking.BlockingTypedEventSubscription;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.typed.TypedEventSubscription;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpListener;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reactive and blocking APIs are the core's with other return types: every public method of a
 * core type has a namesake with the same parameters in its reactive and blocking counterparts (the
 * blocking one may add a trailing {@link Duration}, since every blocking wait is bounded), and they
 * have no other methods but {@code async()} and the few each style adds on purpose.
 */
class OneApiThreeStylesTest {
    /** Methods a style adds to the core's, each for a reason of that style. */
    private static final Set<String> BLOCKING_ONLY = Set.of(
            "async",        // the core object underneath
            "awaitEvent",   // a blocking reader cannot compose next() with a filter
            "iterator",     // blocking subscriptions are Iterable
            "stream");
    private static final Set<String> REACTIVE_ONLY = Set.of("async");

    static List<Arguments> counterparts() {
        return List.of(
                Arguments.of(QmpClient.class, ReactiveQmpClient.class, BlockingQmpClient.class),
                Arguments.of(QmpSession.class, ReactiveQmpSession.class, BlockingQmpSession.class),
                Arguments.of(QmpListener.class, ReactiveQmpListener.class, BlockingQmpListener.class),
                Arguments.of(EventSubscription.class, null, BlockingEventSubscription.class),
                Arguments.of(ConnectionChanges.class, null, BlockingConnectionChanges.class),
                Arguments.of(TypedEventSubscription.class, null, BlockingTypedEventSubscription.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counterparts")
    void everyCoreMethodHasItsNamesakeInTheOtherStyles(Class<?> core, Class<?> reactive, Class<?> blocking) {
        List<String> missing = new ArrayList<>();
        for (Method m : api(core)) {
            if (reactive != null && !has(reactive, m.getName(), m.getParameterTypes())) {
                missing.add(reactive.getSimpleName() + "." + signature(m));
            }
            Class<?>[] bounded = Arrays.copyOf(m.getParameterTypes(), m.getParameterCount() + 1);
            bounded[m.getParameterCount()] = Duration.class;
            if (!has(blocking, m.getName(), m.getParameterTypes()) && !has(blocking, m.getName(), bounded)) {
                missing.add(blocking.getSimpleName() + "." + signature(m));
            }
        }
        assertEquals(List.of(), missing, "methods of " + core.getSimpleName() + " missing in the other styles");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counterparts")
    void theOtherStylesHaveNoNamesOfTheirOwn(Class<?> core, Class<?> reactive, Class<?> blocking) {
        Set<String> coreNames = names(core);
        Set<String> own = new TreeSet<>();
        if (reactive != null) {
            names(reactive).stream().filter(n -> !coreNames.contains(n) && !REACTIVE_ONLY.contains(n))
                    .forEach(n -> own.add(reactive.getSimpleName() + "." + n));
        }
        names(blocking).stream().filter(n -> !coreNames.contains(n) && !BLOCKING_ONLY.contains(n))
                .forEach(n -> own.add(blocking.getSimpleName() + "." + n));
        assertEquals(Set.of(), own, "names that the core's " + core.getSimpleName() + " does not have");
    }

    /** Public instance methods a user calls: not Object's (nor their overrides), not bridges, not Iterable's defaults. */
    private static List<Method> api(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic())
                .filter(m -> !has(Object.class, m) && m.getDeclaringClass() != Iterable.class)
                .toList();
    }

    private static boolean has(Class<?> type, Method m) {
        try {
            type.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Set<String> names(Class<?> type) {
        return api(type).stream().map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean has(Class<?> type, String name, Class<?>[] parameters) {
        return api(type).stream().anyMatch(m -> m.getName().equals(name)
                && Arrays.equals(m.getParameterTypes(), parameters));
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
