package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.fail;

import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real QEMU for the core's integration tests, started by {@link QemuLauncher} (accept mode,
 * private directory) from QMP4J_QEMU_BINARY or PATH. Without QEMU the test is skipped with the
 * reason, or fails when QMP4J_REQUIRE_QEMU=1. (client-testkit's {@code @WithQemu} does the same
 * for other modules; the core cannot depend on it.)
 */
final class RealQemu {
    static final String[] NO_MACHINE = {"-machine", "none"};
    static final String[] PC_MACHINE = {"-machine", "pc", "-accel", "tcg", "-m", "64"};

    private RealQemu() {
    }

    /** The QEMU binary, or skips (fails when QMP4J_REQUIRE_QEMU=1) when there is none. */
    static Path binary() {
        String configured = System.getenv("QMP4J_QEMU_BINARY");
        QemuLauncher.Builder builder = QemuLauncher.builder();
        if (configured != null && !configured.isBlank()) {
            builder.binary(Path.of(configured));
        }
        try {
            return builder.build().resolveBinary();
        } catch (QemuLaunchException e) {
            if ("1".equals(System.getenv("QMP4J_REQUIRE_QEMU"))) {
                fail("QMP4J_REQUIRE_QEMU=1 but " + e.getMessage());
            }
            Assumptions.abort("real-QEMU test skipped: " + e.getMessage());
            throw e;
        }
    }

    /** Starts QEMU paused ({@code -S}, no devices, no display) with {@code machine} arguments. */
    static QemuProcess start(QmpClient client, String... machine) throws Exception {
        List<String> args = new ArrayList<>(List.of(machine));
        args.addAll(List.of("-nodefaults", "-display", "none", "-S"));
        return QemuLauncher.builder().binary(binary()).arguments(args).build().launch(client).get(60, TimeUnit.SECONDS);
    }
}
