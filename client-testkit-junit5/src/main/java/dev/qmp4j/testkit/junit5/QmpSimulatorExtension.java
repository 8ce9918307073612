package dev.qmp4j.testkit;

import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving each test a fresh {@link QmpSimulator}, started before the test and
 * closed after it, also when the test fails.
 *
 * <p>Declarative: {@code @ExtendWith(QmpSimulatorExtension.class)} and take a {@link QmpSimulator}
 * parameter in the test method or the test class constructor (default options).
 * Programmatic: {@code @RegisterExtension static QmpSimulatorExtension sim =
 * QmpSimulatorExtension.withOptions(QmpSimulator.builder().listenOnTcp())} and use
 * {@link #simulator()} or a parameter. Tests of one class must not run in parallel when
 * {@link #simulator()} is used, since it returns the current test's simulator.
 */
public final class QmpSimulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QmpSimulatorExtension.class);
    private static final String KEY = "simulator";
    private static final String PENDING_KEY = "constructor-simulator";

    private final QmpSimulatorOptions options;
    private volatile Optional<QmpSimulator> current = Optional.empty();

    /** An extension with default options, for {@code @ExtendWith}. */
    public QmpSimulatorExtension() {
        this(QmpSimulatorOptions.defaults());
    }

    private QmpSimulatorExtension(QmpSimulatorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * An extension whose simulators use these options.
     *
     * @param options the options
     * @return the extension
     */
    public static QmpSimulatorExtension withOptions(QmpSimulatorOptions options) {
        return new QmpSimulatorExtension(options);
    }

    /**
     * An extension whose simulators use the options this builder builds now.
     *
     * @param builder a configured builder
     * @return the extension
     */
    public static QmpSimulatorExtension withOptions(QmpSimulatorOptions.Builder builder) {
        return new QmpSimulatorExtension(builder.build());
    }

    /**
     * The options of the simulators this extension starts.
     *
     * @return the options
     */
    public QmpSimulatorOptions options() {
        return options;
    }

    /**
     * The simulator of the test that is running.
     *
     * @return the simulator
     * @throws IllegalStateException outside a test
     */
    public QmpSimulator simulator() {
        return current.orElseThrow(() -> new IllegalStateException("no test is running with this QmpSimulatorExtension"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = Optional.of(simulatorFor(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        current = Optional.empty();
        Holder holder = context.getStore(NAMESPACE).remove(KEY, Holder.class);
        if (holder != null) {
            holder.simulator().close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == QmpSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return simulatorFor(context);
        }
        // Constructor injection happens in the class context before beforeEach: start the
        // simulator now and let beforeEach hand it over to the test that follows.
        ExtensionContext.Store classStore = context.getStore(NAMESPACE);
        Holder pending = classStore.get(PENDING_KEY, Holder.class);
        if (pending == null) {
            pending = new Holder(QmpSimulator.start(options));
            classStore.put(PENDING_KEY, pending);
        }
        return pending.simulator();
    }

    private QmpSimulator simulatorFor(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Holder holder = store.get(KEY, Holder.class);
        if (holder == null) {
            holder = context.getParent().map(parent -> parent.getStore(NAMESPACE).remove(PENDING_KEY, Holder.class))
                    .orElse(null);
            if (holder == null) {
                holder = new Holder(QmpSimulator.start(options));
            }
            store.put(KEY, holder); // closed with the test's context even if afterEach never runs
        }
        return holder.simulator();
    }

    /** Lets JUnit close the simulator with the context that owns it. */
    private record Holder(QmpSimulator simulator) implements AutoCloseable {
        @Override
        public void close() {
            simulator.close();
        }
    }
}
