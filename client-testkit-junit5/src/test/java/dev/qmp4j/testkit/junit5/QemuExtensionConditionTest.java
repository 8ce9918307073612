package dev.qmp4j.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which QEMUs {@code @WithQemu} tests run against; without QEMU they are skipped with a reason, or
 * fail when QEMU is required.
 */
class QemuExtensionConditionTest {

    @Test
    void missingBinarySkipsWithTheReason(@TempDir Path dir) {
        ConditionEvaluationResult result = QemuExtension.condition(
                Map.of("QMP4J_QEMU_BINARY", dir.resolve("no-qemu").toString()));
        assertTrue(result.isDisabled());
        String reason = result.getReason().orElseThrow();
        assertTrue(reason.contains("no-qemu is not an executable file"), reason);
        assertTrue(reason.contains("QMP4J_QEMU_BINARY"), reason);
    }

    @Test
    void missingBinaryFailsWhenQemuIsRequired(@TempDir Path dir) {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> QemuExtension.condition(Map.of("QMP4J_QEMU_BINARY", dir.resolve("no-qemu").toString(),
                        "QMP4J_REQUIRE_QEMU", "1")));
        assertTrue(e.getMessage().startsWith("QMP4J_REQUIRE_QEMU=1 but"), e.getMessage());
    }

    @Test
    void anExecutableBinaryEnablesTheTests() {
        ConditionEvaluationResult result = QemuExtension.condition(Map.of("QMP4J_QEMU_BINARY", "/bin/true"));
        assertFalse(result.isDisabled());
    }

    @Test
    void severalBinariesAreTakenInOrderInsteadOfTheSingleOne() {
        Map<String, String> environment = Map.of("QMP4J_QEMU_BINARIES", "/bin/true: /bin/false:", "QMP4J_QEMU_BINARY", "/bin/sh");
        assertEquals(List.of(Path.of("/bin/true"), Path.of("/bin/false")), QemuExtension.binaries(environment));
        assertFalse(QemuExtension.condition(environment).isDisabled());
    }

    @Test
    void oneMissingBinaryAmongSeveralSkipsNamingIt(@TempDir Path dir) {
        ConditionEvaluationResult result = QemuExtension.condition(
                Map.of("QMP4J_QEMU_BINARIES", "/bin/true:" + dir.resolve("no-qemu")));
        assertTrue(result.isDisabled());
        String reason = result.getReason().orElseThrow();
        assertTrue(reason.contains("no-qemu is not an executable file"), reason);
        assertTrue(reason.contains("QMP4J_QEMU_BINARIES"), reason);
    }

    @Test
    void aBlankListFallsBackToTheSingleBinary() {
        assertEquals(List.of(Path.of("/bin/true")),
                QemuExtension.binaries(Map.of("QMP4J_QEMU_BINARIES", " ", "QMP4J_QEMU_BINARY", "/bin/true")));
    }
}
