package dev.qmp4j.testkit.junit5;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
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
 *
 * <p>A test can also take a session connected to its simulator, in command mode, as {@link WithQemu}
 * injects one of a real QEMU: a parameter of type {@code QmpSession}, {@code ReactiveQmpSession} or
 * {@code BlockingQmpSession} (the last two when their modules are present). All of a test's session
 * parameters are views of one connection, made by a {@code QmpClient} with default options, and
 * closed with its client after the test, before the simulator. A connection the simulator refuses
 * (for example with {@link dev.qmp4j.testkit.QmpSimulatorOptions.Builder#failNegotiation}) fails
 * the parameter's resolution with the client's error. For other client options, take the
 * simulator and connect a client of your own.
 *
 * <pre>{@code
 * @ExtendWith(QmpSimulatorExtension.class)
 * class StatusTest {
 *     @Test
 *     void startsPaused(BlockingQmpSession qmp) {
 *         assertEquals("prelaunch", qmp.execute("query-status").getAsJsonObject().get("status").getAsString());
 *     }
 * }
 * }</pre>
 */
public final class QmpSimulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QmpSimulatorExtension.class);
    private static final String KEY = "simulator";
    private static final String PENDING_KEY = "constructor-simulator";
    private static final long CONNECT_WAIT_SECONDS = 60;

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
        current = Optional.of(holderFor(context).simulator());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        current = Optional.empty();
        Holder holder = context.getStore(NAMESPACE).remove(KEY, Holder.class);
        if (holder != null) {
            holder.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == QmpSimulator.class || SessionViews.supports(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        Holder holder = context.getTestMethod().isPresent() ? holderFor(context) : pendingHolder(context);
        return type == QmpSimulator.class ? holder.simulator() : SessionViews.view(holder.session(), type);
    }

    /**
     * Constructor injection happens in the class context before beforeEach: start the simulator
     * now and let beforeEach hand it over to the test that follows.
     */
    private Holder pendingHolder(ExtensionContext context) {
        ExtensionContext.Store classStore = context.getStore(NAMESPACE);
        Holder pending = classStore.get(PENDING_KEY, Holder.class);
        if (pending == null) {
            pending = new Holder(QmpSimulator.start(options));
            classStore.put(PENDING_KEY, pending);
        }
        return pending;
    }

    private Holder holderFor(ExtensionContext context) {
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
        return holder;
    }

    /**
     * A test's simulator and, once the test asks for one, the client and session connected to it;
     * lets JUnit close them with the context that owns them.
     */
    private static final class Holder implements AutoCloseable {
        private final QmpSimulator simulator;
        private Optional<QmpClient> client = Optional.empty();
        private Optional<QmpSession> session = Optional.empty();

        Holder(QmpSimulator simulator) {
            this.simulator = simulator;
        }

        QmpSimulator simulator() {
            return simulator;
        }

        /** The session connected to the simulator, connected on first use. */
        synchronized QmpSession session() {
            if (session.isEmpty()) {
                QmpClient created = QmpClient.create();
                try {
                    session = Optional.of(created.connect(simulator.endpoint()).get(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS));
                    client = Optional.of(created);
                } catch (ExecutionException e) {
                    created.close();
                    throw notConnected(e.getCause());
                } catch (TimeoutException | RuntimeException e) {
                    created.close();
                    throw notConnected(e);
                } catch (InterruptedException e) {
                    created.close();
                    Thread.currentThread().interrupt();
                    throw notConnected(e);
                }
            }
            return session.get();
        }

        private ParameterResolutionException notConnected(Throwable cause) {
            return new ParameterResolutionException("could not connect a session to the simulator at "
                    + simulator.endpoint() + ": " + cause, cause);
        }

        /** Closes the client (and with it the session) before the simulator. */
        @Override
        public synchronized void close() {
            try {
                client.ifPresent(QmpClient::close);
            } finally {
                simulator.close();
            }
        }
    }
}
