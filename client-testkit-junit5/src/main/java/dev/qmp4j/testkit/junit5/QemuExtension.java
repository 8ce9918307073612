package dev.qmp4j.testkit.junit5;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithQemu} and {@link ForEachQemu}: skips (or, with
 * {@code QMP4J_REQUIRE_QEMU=1}, fails) when there is no QEMU, runs an annotated class once per
 * QEMU binary, launches QEMU per test or per run of the class, injects its session and stops it
 * afterwards. Use it through the annotations.
 */
public final class QemuExtension implements ExecutionCondition, ClassTemplateInvocationContextProvider,
        BeforeClassTemplateInvocationCallback, BeforeEachCallback, ParameterResolver {
    /** Environment variable naming the QEMU binary to use instead of the one on {@code PATH}. */
    public static final String BINARY_VARIABLE = "QMP4J_QEMU_BINARY";
    /**
     * Environment variable naming the QEMU binaries to run each test class against, separated by
     * {@code :}; when set, {@link #BINARY_VARIABLE} and {@code PATH} are not consulted.
     */
    public static final String BINARIES_VARIABLE = "QMP4J_QEMU_BINARIES";
    /** Environment variable that, set to {@code 1}, turns "no QEMU" from a skip into a failure. */
    public static final String REQUIRE_VARIABLE = "QMP4J_REQUIRE_QEMU";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QemuExtension.class);
    private static final String QEMU = "qemu";
    private static final String BINARY = "binary";
    private static final long LAUNCH_WAIT_SECONDS = 60;

    /** Creates the extension; JUnit does this for {@link WithQemu} and {@link ForEachQemu}. */
    public QemuExtension() {
    }

    /**
     * Decided for each test rather than for its class: a skipped test is reported with the reason,
     * while a skipped class simply vanishes from surefire's reports.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getTestMethod().isPresent() ? condition(System.getenv())
                : ConditionEvaluationResult.enabled("each test looks for QEMU");
    }

    /** Whether tests can run in this environment; throws when QEMU is required but missing. */
    static ConditionEvaluationResult condition(Map<String, String> environment) {
        try {
            return ConditionEvaluationResult.enabled("QEMU found: " + binaries(environment));
        } catch (QemuLaunchException e) {
            if ("1".equals(environment.get(REQUIRE_VARIABLE))) {
                throw new ExtensionConfigurationException(REQUIRE_VARIABLE + "=1 but " + e.getMessage(), e);
            }
            return ConditionEvaluationResult.disabled("real-QEMU test skipped: " + e.getMessage()
                    + " (install QEMU or set " + BINARIES_VARIABLE + " or " + BINARY_VARIABLE + ")");
        }
    }

    /**
     * The configured QEMU binaries, in order: those of {@link #BINARIES_VARIABLE}, else the one of
     * {@link #BINARY_VARIABLE}, else {@code qemu-system-x86_64} on {@code PATH}.
     *
     * @throws QemuLaunchException naming the first binary that is missing
     */
    static List<Path> binaries(Map<String, String> environment) {
        String several = environment.getOrDefault(BINARIES_VARIABLE, "");
        if (!several.isBlank()) {
            return Arrays.stream(several.split(":")).map(String::strip).filter(path -> !path.isEmpty())
                    .map(path -> resolve(Optional.of(path))).distinct().toList();
        }
        return List.of(resolve(Optional.ofNullable(environment.get(BINARY_VARIABLE)).filter(path -> !path.isBlank())));
    }

    private static Path resolve(Optional<String> configured) {
        QemuLauncher.Builder builder = QemuLauncher.builder();
        configured.ifPresent(path -> builder.binary(Path.of(path)));
        return builder.build().resolveBinary();
    }

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getRequiredTestClass(), ForEachQemu.class);
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        QemuBinary enclosing = context.getStore(NAMESPACE).get(BINARY, QemuBinary.class);
        if (enclosing != null) {
            return Stream.of(new QemuRun(Optional.of(enclosing))); // nested in a run for one QEMU: once, for it
        }
        try {
            return binaries(System.getenv()).stream().map(path -> new QemuRun(Optional.of(probed(context, path))));
        } catch (QemuLaunchException e) {
            return Stream.of(new QemuRun(Optional.empty())); // whose tests the condition skips or fails
        }
    }

    /** The binary with its version, asked once per test run. */
    private static QemuBinary probed(ExtensionContext context, Path path) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(path, QemuBinary::probe, QemuBinary.class);
    }

    /**
     * One run of a class, for one QEMU binary: named after it, and keeping it for the tests. Without
     * QEMU there is one run without a binary, so that its tests are reported as skipped.
     */
    private record QemuRun(Optional<QemuBinary> binary) implements ClassTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return binary.map(QemuBinary::toString).orElse("no QEMU");
        }

        @Override
        public void prepareInvocation(ExtensionContext context) {
            binary.ifPresent(b -> context.getStore(NAMESPACE).put(BINARY, b));
        }
    }

    @Override
    public void beforeClassTemplateInvocation(ExtensionContext context) throws Exception {
        QemuBinary run = context.getStore(NAMESPACE).get(BINARY, QemuBinary.class);
        Optional<WithQemu> onClass = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithQemu.class);
        if (run != null && onClass.isPresent() && onClass.get().lifecycle() == WithQemu.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).put(QEMU, launch(onClass.get(), run));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<WithQemu> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), WithQemu.class);
        Optional<WithQemu> onClass = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithQemu.class);
        Optional<WithQemu> perMethod = onMethod.or(() -> onClass.filter(a -> a.lifecycle() == WithQemu.Lifecycle.PER_METHOD));
        if (perMethod.isPresent()) {
            context.getStore(NAMESPACE).put(QEMU, launch(perMethod.get(), binary(context)));
        }
    }

    /**
     * The binary of this run of the class; outside a run per QEMU, the only binary configured.
     * With several, a class that runs once would test only one of them: that is an error.
     */
    private static QemuBinary binary(ExtensionContext context) {
        QemuBinary run = context.getStore(NAMESPACE).get(BINARY, QemuBinary.class);
        if (run != null) {
            return run;
        }
        List<Path> binaries = binaries(System.getenv());
        if (binaries.size() > 1) {
            throw new ExtensionConfigurationException(context.getRequiredTestClass().getName() + " runs once, but "
                    + BINARIES_VARIABLE + " names " + binaries.size() + " QEMUs: annotate the class with @WithQemu or "
                    + "@ForEachQemu to run it once per QEMU");
        }
        return probed(context, binaries.get(0));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == QemuBinary.class || type == QemuProcess.class || SessionViews.supports(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == QemuBinary.class) {
            return binary(context);
        }
        RunningQemu qemu = context.getStore(NAMESPACE).get(QEMU, RunningQemu.class);
        if (qemu == null) {
            throw new ParameterResolutionException("no QEMU for this test: annotate the test or its class with @WithQemu");
        }
        return type == QemuProcess.class ? qemu.process : SessionViews.view(qemu.process.session(), type);
    }

    private static RunningQemu launch(WithQemu settings, QemuBinary binary) throws Exception {
        QemuLauncher launcher = QemuLauncher.builder().binary(binary.path()).arguments(settings.value()).build();
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
    private static final class RunningQemu implements AutoCloseable {
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
}
