package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.fail;

import dev.qmp4j.core.launch.QemuLaunchException;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real QEMUs of the core's integration tests, each started by {@link QemuLauncher} (accept
 * mode, private directory): those of QMP4J_QEMU_BINARIES (paths separated by ':'), else
 * QMP4J_QEMU_BINARY, else qemu-system-x86_64 on PATH. A test class runs once per binary:
 * {@code @ParameterizedClass(name = RealQemu.NAME)} with {@code @MethodSource(RealQemu.BINARIES)}.
 * Without QEMU each test is skipped with the reason, or fails when QMP4J_REQUIRE_QEMU=1.
 * (client-testkit-junit5's {@code @ForEachQemu} does the same for other modules; the core cannot depend on it.)
 */
final class RealQemu {
    /** The source of a test class's runs: {@link #binaries()}. */
    static final String BINARIES = "dev.qmp4j.core.RealQemu#binaries";
    /** A run's name: its binary. */
    static final String NAME = "{0}";
    static final String[] NO_MACHINE = {"-machine", "none"};
    static final String[] PC_MACHINE = {"-machine", "pc", "-accel", "tcg", "-m", "64"};

    private RealQemu() {
    }

    /**
     * One run of a test class: a QEMU binary, or why there is none. (Then there is one run whose
     * tests {@link #path()} skips: a class without runs would vanish from the test reports.)
     */
    record Binary(Optional<Path> found, String whyMissing) {
        /** The binary; skips the calling test (fails it when QMP4J_REQUIRE_QEMU=1) when there is none. */
        Path path() {
            if (found.isEmpty() && "1".equals(System.getenv("QMP4J_REQUIRE_QEMU"))) {
                fail("QMP4J_REQUIRE_QEMU=1 but " + whyMissing);
            }
            return found.orElseGet(() -> Assumptions.abort("real-QEMU test skipped: " + whyMissing));
        }

        @Override
        public String toString() {
            return found.map(Path::toString).orElse("no QEMU");
        }
    }

    /** The runs: the QEMU binaries in order, or one run without QEMU when one is missing. */
    static List<Binary> binaries() {
        String several = System.getenv().getOrDefault("QMP4J_QEMU_BINARIES", "");
        List<Optional<String>> configured = several.isBlank()
                ? List.of(Optional.ofNullable(System.getenv("QMP4J_QEMU_BINARY")).filter(path -> !path.isBlank()))
                : Arrays.stream(several.split(":")).map(String::strip).filter(path -> !path.isEmpty()).map(Optional::of).toList();
        try {
            return configured.stream().map(RealQemu::resolve).distinct()
                    .map(path -> new Binary(Optional.of(path), "")).toList();
        } catch (QemuLaunchException e) {
            return List.of(new Binary(Optional.empty(), e.getMessage()));
        }
    }

    private static Path resolve(Optional<String> configured) {
        QemuLauncher.Builder builder = QemuLauncher.builder();
        configured.ifPresent(path -> builder.binary(Path.of(path)));
        return builder.build().resolveBinary();
    }

    /** Starts {@code binary} paused ({@code -S}, no devices, no display) with {@code machine} arguments. */
    static QemuProcess start(QmpClient client, Path binary, String... machine) throws Exception {
        List<String> args = new ArrayList<>(List.of(machine));
        args.addAll(List.of("-nodefaults", "-display", "none", "-S"));
        return QemuLauncher.builder().binary(binary).arguments(args).build().launch(client).get(60, TimeUnit.SECONDS);
    }
}
