package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.WithQemu;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @WithQemu}: one QEMU per test or per class, injected, and nothing left behind. */
class WithQemuExtensionTest {

    /** Every QEMU a test here saw, checked once all are supposed to be gone. */
    private static final List<QemuProcess> SEEN = new CopyOnWriteArrayList<>();

    @AfterAll
    static void nothingIsLeftBehind() {
        assertEquals(4, SEEN.size(), "each test saw its QEMU");
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
        void injectsTheSessionOfItsOwnQemu(QmpSession session, QemuProcess qemu) {
            assertSame(qemu.session(), session);
            assertEquals(QmpSessionState.READY, session.state());
            assertFalse(SEEN.contains(qemu));
            SEEN.add(qemu);
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
        void first(QemuProcess qemu) {
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
