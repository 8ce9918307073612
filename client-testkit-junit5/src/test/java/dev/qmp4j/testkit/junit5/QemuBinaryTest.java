package dev.qmp4j.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Naming a QEMU binary by the version it reports. */
class QemuBinaryTest {

    @Test
    void aBinaryThatReportsNoVersionIsNamedByItsPath() {
        QemuBinary binary = QemuBinary.probe(Path.of("/bin/true"));
        assertEquals(Optional.empty(), binary.version());
        assertEquals("/bin/true", binary.toString());
    }

    @Test
    void aMissingBinaryHasNoVersion() {
        assertEquals(Optional.empty(), QemuBinary.probe(Path.of("/no/such/qemu")).version());
    }

    @Test
    void theNameCarriesTheVersion() {
        QemuBinary binary = new QemuBinary(Path.of("/opt/qemu/bin/qemu-system-x86_64"), Optional.of("10.0.2"));
        assertEquals("QEMU 10.0.2 (/opt/qemu/bin/qemu-system-x86_64)", binary.toString());
    }
}
