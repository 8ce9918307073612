package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.junit5.QemuBinary;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @WithQemu}: each class runs once per configured QEMU, with one QEMU of that binary per
 * test or per run of the class, injected, and nothing left behind.
 */
class WithQemuExtensionTest {

    /** Every QEMU a test here saw, checked once all are supposed to be gone. */
    private static final List<QemuProcess> SEEN = new CopyOnWriteArrayList<>();
    /** The binaries of the runs of {@link PerMethod}. */
    private static final Set<QemuBinary> RUNS = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void nothingIsLeftBehind() {
        assertEquals(4 * RUNS.size(), SEEN.size(), "each test of each run saw its QEMU");
        for (QemuProcess qemu : SEEN) {
            assertFalse(qemu.isAlive(), qemu + " was stopped");
            assertFalse(Files.exists(qemu.directory()), qemu.directory() + " was removed");
        }
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "no QEMU process left");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("qmp4j-")),
                "no qmp4j thread left");
    }

    @Nested
    @WithQemu
    class PerMethod {
        @Test
        void injectsTheSessionOfItsOwnQemu(QmpSession session, QemuProcess qemu, QemuBinary binary) {
            assertSame(qemu.session(), session);
            assertEquals(QmpSessionState.READY, session.state());
            assertEquals(binary.path().toString(), qemu.command().get(0), "the QEMU of this run");
            assertEquals(binary.version(), Optional.of(session.greeting().version().toString()));
            assertFalse(SEEN.contains(qemu));
            SEEN.add(qemu);
            RUNS.add(binary);
        }

        @Test
        void anotherTestGetsAnotherQemu(QemuProcess qemu) {
            assertFalse(SEEN.contains(qemu));
            SEEN.add(qemu);
        }
    }

    @Nested
    @WithQemu(lifecycle = WithQemu.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerClass {
        @Test
        @Order(1)
        void first(QemuProcess qemu, QemuBinary binary) {
            assertEquals(binary.path().toString(), qemu.command().get(0), "the QEMU of this run");
            SEEN.add(qemu);
        }

        @Test
        @Order(2)
        void secondSharesIt(QemuProcess qemu) {
            assertSame(SEEN.get(SEEN.size() - 1), qemu);
            assertTrue(qemu.isAlive());
        }

        @Test
        @Order(3)
        @WithQemu({"-machine", "none", "-nodefaults", "-display", "none"})
        void aMethodAnnotationGetsItsOwn(QemuProcess qemu) {
            assertFalse(SEEN.contains(qemu));
            assertFalse(qemu.command().contains("-S"));
            SEEN.add(qemu);
        }
    }
}
