package dev.qmp4j.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test (or every test of the annotated class) against a real QEMU started with
 * {@link dev.qmp4j.core.launch.QemuLauncher}, and injects its session as a test-method parameter
 * of type {@code QmpSession}, {@code BlockingQmpSession}, {@code ReactiveQmpSession} (when those
 * modules are on the class path) or {@code QemuProcess}. QEMU is killed and its directory removed
 * after the test (or the class).
 *
 * <p>On a class it runs the class once per QEMU binary, as {@link ForEachQemu} does: the binaries
 * of {@code QMP4J_QEMU_BINARIES} (paths separated by {@code :}), else {@code QMP4J_QEMU_BINARY},
 * else {@code qemu-system-x86_64} on {@code PATH}. On a method it launches the binary of the
 * class's run; annotate the class too ({@code @WithQemu} or {@code @ForEachQemu}) when several
 * QEMUs are configured, or the test fails saying so. Without QEMU the test is skipped with the
 * reason, or fails when the environment sets {@code QMP4J_REQUIRE_QEMU=1} (as CI should).
 *
 * <pre>{@code
 * @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
 * class LifecycleTest {
 *     @Test
 *     void resumes(BlockingQmpSession qmp) {
 *         qmp.execute("cont");
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ForEachQemu
@ExtendWith(QemuExtension.class)
public @interface WithQemu {

    /**
     * QEMU's arguments; the launcher adds {@code -qmp} after them. The default starts a machine
     * without a guest, paused: quick, and enough for most QMP work.
     *
     * @return the arguments
     */
    String[] value() default {"-machine", "none", "-nodefaults", "-display", "none", "-S"};

    /**
     * Whether each test gets its own QEMU or all tests of the class share one.
     *
     * @return the lifecycle
     */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /** How long one QEMU lives. */
    enum Lifecycle {
        /** A new QEMU for every test method. */
        PER_METHOD,
        /** One QEMU for all test methods of the class, per run of the class (annotate the class). */
        PER_CLASS
    }
}
