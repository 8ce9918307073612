package dev.qmp4j.testkit;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithQemu}: skips (or, with {@code QMP4J_REQUIRE_QEMU=1},
 * fails) when there is no QEMU, launches one per test or per class, injects its session and
 * stops it afterwards. Use it through the annotation.
 */
public final class QemuExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    /** Environment variable naming the QEMU binary to use instead of the one on {@code PATH}. */
    public static final String BINARY_VARIABLE = "QMP4J_QEMU_BINARY";
    /** Environment variable that, set to {@code 1}, turns "no QEMU" from a skip into a failure. */
    public static final String REQUIRE_VARIABLE = "QMP4J_REQUIRE_QEMU";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QemuExtension.class);
    private static final String KEY = "qemu";
    private static final long LAUNCH_WAIT_SECONDS = 60;

    /** Creates the extension; JUnit does this for {@link WithQemu}. */
    public QemuExtension() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return condition(System.getenv());
    }

    /** Whether tests can run in this environment; throws when QEMU is required but missing. */
    static ConditionEvaluationResult condition(Map<String, String> environment) {
        try {
            return ConditionEvaluationResult.enabled("QEMU found at " + binary(environment));
        } catch (QemuLaunchException e) {
            if ("1".equals(environment.get(REQUIRE_VARIABLE))) {
                throw new ExtensionConfigurationException(REQUIRE_VARIABLE + "=1 but " + e.getMessage(), e);
            }
            return ConditionEvaluationResult.disabled("real-QEMU test skipped: " + e.getMessage()
                    + " (install QEMU or set " + BINARY_VARIABLE + ")");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<WithQemu> onClass = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithQemu.class);
        if (onClass.isPresent() && onClass.get().lifecycle() == WithQemu.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).put(KEY, launch(onClass.get()));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<WithQemu> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), WithQemu.class);
        Optional<WithQemu> onClass = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithQemu.class);
        Optional<WithQemu> perMethod = onMethod.or(() -> onClass.filter(a -> a.lifecycle() == WithQemu.Lifecycle.PER_METHOD));
        if (perMethod.isPresent()) {
            context.getStore(NAMESPACE).put(KEY, launch(perMethod.get()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SessionViews.supports(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningQemu qemu = context.getStore(NAMESPACE).get(KEY, RunningQemu.class);
        if (qemu == null) {
            throw new ParameterResolutionException("no QEMU for this test: annotate the test or its class with @WithQemu");
        }
        Class<?> type = parameter.getParameter().getType();
        return type == QemuProcess.class ? qemu.process : SessionViews.view(qemu.process.session(), type);
    }

    private static Path binary(Map<String, String> environment) {
        String configured = environment.get(BINARY_VARIABLE);
        QemuLauncher.Builder builder = QemuLauncher.builder();
        if (configured != null && !configured.isBlank()) {
            builder.binary(Path.of(configured));
        }
        return builder.build().resolveBinary();
    }

    private static RunningQemu launch(WithQemu settings) throws Exception {
        QemuLauncher launcher = QemuLauncher.builder().binary(binary(System.getenv())).arguments(settings.value()).build();
        QmpClient client = QmpClient.create();
        try {
            return new RunningQemu(client, launcher.launch(client).get(LAUNCH_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            client.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A launched QEMU and the client carrying its session; JUnit closes it with its context. */
    private static final class RunningQemu implements ExtensionContext.Store.CloseableResource {
        private final QmpClient client;
        private final QemuProcess process;

        RunningQemu(QmpClient client, QemuProcess process) {
            this.client = client;
            this.process = process;
        }

        @Override
        public void close() {
            try {
                process.close();
            } finally {
                client.close();
            }
        }
    }

    /**
     * Which session types can be injected. The reactive and blocking views are optional
     * dependencies: they are named here as strings and touched only when asked for, so that this
     * class loads without them.
     */
    private static final class SessionViews {
        private static final String BLOCKING = "dev.qmp4j.blocking.BlockingQmpSession";
        private static final String REACTIVE = "dev.qmp4j.reactive.ReactiveQmpSession";

        private SessionViews() {
        }

        static boolean supports(Class<?> type) {
            return type == QmpSession.class || type == QemuProcess.class
                    || type.getName().equals(BLOCKING) || type.getName().equals(REACTIVE);
        }

        static Object view(QmpSession session, Class<?> type) {
            return switch (type.getName()) {
                case BLOCKING -> Blocking.of(session);
                case REACTIVE -> Reactive.of(session);
                default -> session;
            };
        }
    }

    private static final class Blocking {
        static Object of(QmpSession session) {
            return dev.qmp4j.blocking.BlockingQmpSession.of(session);
        }
    }

    private static final class Reactive {
        static Object of(QmpSession session) {
            return dev.qmp4j.reactive.ReactiveQmpSession.of(session);
        }
    }
}
