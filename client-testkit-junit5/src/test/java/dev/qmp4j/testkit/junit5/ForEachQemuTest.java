package dev.qmp4j.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @ForEachQemu}: the class runs once per configured QEMU, in the configured order; a
 * method's {@code @WithQemu} launches the binary of the run, and so do nested classes.
 */
@ForEachQemu
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForEachQemuTest {
    /** The binary each run saw, in the order of the runs. */
    private static final List<QemuBinary> RUNS = new CopyOnWriteArrayList<>();
    /** The binary each run of {@link Inner} saw. */
    private static final List<QemuBinary> NESTED_RUNS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void ranOncePerConfiguredQemu() {
        Map<String, String> environment = System.getenv();
        List<Path> configured = QemuExtension.condition(environment).isDisabled() ? List.of()
                : QemuExtension.binaries(environment);
        assertEquals(configured, RUNS.stream().map(QemuBinary::path).toList());
        assertEquals(RUNS, NESTED_RUNS, "a nested class runs once in each run, for its QEMU");
    }

    @Test
    @Order(1)
    void knowsItsQemu(QemuBinary binary) {
        RUNS.add(binary);
    }

    @Test
    @Order(2)
    @WithQemu
    void aMethodsWithQemuLaunchesTheBinaryOfTheRun(QemuBinary binary, QemuProcess qemu) {
        assertEquals(RUNS.get(RUNS.size() - 1), binary);
        assertEquals(binary.path().toString(), qemu.command().get(0));
        assertEquals(binary.version(), Optional.of(qemu.session().greeting().version().toString()),
                "--version and the greeting agree");
    }

    @Nested
    @ForEachQemu
    class Inner {
        @Test
        void runsForTheQemuOfTheEnclosingRun(QemuBinary binary) {
            assertEquals(RUNS.get(RUNS.size() - 1), binary);
            NESTED_RUNS.add(binary);
        }
    }
}
