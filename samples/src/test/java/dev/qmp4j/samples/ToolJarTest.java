package dev.qmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The {@code qmp} tool's jar bundles the simulator (for {@code qmp demo}) but no JUnit: the
 * simulator's module does not depend on it, and nothing else may bring it in at run time. The jar,
 * {@code target/qmp.jar}, is made by the shade plugin in the package phase: this test runs after
 * it, in the integration-test phase (the execution {@code tool-jar} of this module's POM).
 */
class ToolJarTest {
    private static final Path JAR = Path.of("target/qmp.jar");
    /** JUnit's jars and the two it brings along. */
    private static final List<String> TEST_FRAMEWORK = List.of("junit", "opentest4j", "apiguardian");

    @Test
    void bundlesTheSimulatorButNoJUnit() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is made in the package phase, before this test runs");
        List<String> entries;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        assertTrue(entries.contains("dev/qmp4j/testkit/QmpSimulator.class"), "the simulator, for qmp demo");
        List<String> testFramework = entries.stream()
                .filter(entry -> TEST_FRAMEWORK.stream().anyMatch(entry.toLowerCase(Locale.ROOT)::contains)).toList();
        assertEquals(0, testFramework.size(), () -> testFramework.size() + " test framework files in " + JAR + ", such as "
                + testFramework.subList(0, Math.min(5, testFramework.size())));
    }
}
