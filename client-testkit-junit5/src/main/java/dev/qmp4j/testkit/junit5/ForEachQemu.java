package dev.qmp4j.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class once per QEMU binary, each run named after its QEMU
 * ({@code QEMU 10.0.2 (/path/to/qemu-system-x86_64)}). The binaries are those of
 * {@code QMP4J_QEMU_BINARIES} (paths separated by {@code :}), else {@code QMP4J_QEMU_BINARY},
 * else {@code qemu-system-x86_64} on {@code PATH}. Without one the class is skipped with the
 * reason, or fails when the environment sets {@code QMP4J_REQUIRE_QEMU=1}.
 *
 * <p>{@link WithQemu} on a class implies this. Use it alone for a class whose tests start QEMU
 * themselves, or that annotates only its methods with {@code @WithQemu}: a test takes its run's
 * {@link QemuBinary} as a parameter, and {@code @WithQemu} launches that binary.
 *
 * <pre>{@code
 * @ForEachQemu
 * class CommandLineTest {
 *     @Test
 *     void startsQemu(QemuBinary qemu) {
 *         QemuLauncher launcher = QemuLauncher.builder().binary(qemu.path()).build();
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ClassTemplate
@ExtendWith(QemuExtension.class)
public @interface ForEachQemu {
}
