package dev.qmp4j.core.typed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.QmpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class QmpAvailabilityTest {
    private static final QmpVersion V6 = new QmpVersion(6, 2, 0);
    private static final QmpVersion V7 = new QmpVersion(7, 2, 0);
    private static final QmpVersion V7_DEBIAN = new QmpVersion(7, 2, 22);
    private static final QmpVersion V8 = new QmpVersion(8, 2, 0);
    private static final QmpVersion V9 = new QmpVersion(9, 2, 0);
    private static final QmpVersion V10 = new QmpVersion(10, 0, 0);
    private static final List<QmpVersion> CAPTURED = List.of(V6, V7, V7_DEBIAN, V8, V9, V10);

    private static QmpAvailability in(QmpVersion... present) {
        return new QmpAvailability(List.of(present), CAPTURED);
    }

    @Test
    void describesReleasesInWords() {
        assertEquals("QEMU 6.2 and later", in(V6, V7, V7_DEBIAN, V8, V9, V10).description());
        assertEquals("QEMU 6.2 and later", in(V6, V7, V8, V9, V10).description(), "one build of 7.2 is enough");
        assertEquals("since QEMU 9.2", in(V9, V10).description());
        assertEquals("QEMU 6.2 to 8.2", in(V6, V7_DEBIAN, V8).description());
        assertEquals("QEMU 7.2 to 8.2", in(V7, V8).description());
        assertEquals("QEMU 8.2 only", in(V8).description());
        assertEquals("QEMU 6.2, 9.2 and 10.0", in(V6, V9, V10).description());
    }

    @Test
    void tellsWhetherEveryAndTheNewestReleaseHaveIt() {
        assertTrue(in(V6, V7, V8, V9, V10).inEveryRelease());
        assertFalse(in(V9, V10).inEveryRelease());
        assertTrue(in(V9, V10).inNewestRelease());
        assertFalse(in(V6, V8).inNewestRelease());
    }

    @Test
    void guessesFromAServerVersion() {
        QmpAvailability gone = in(V6, V7, V8);
        assertTrue(gone.expectedIn(new QmpVersion(8, 1, 0)));
        assertFalse(gone.expectedIn(new QmpVersion(9, 0, 0)));
        QmpAvailability added = in(V9, V10);
        assertFalse(added.expectedIn(new QmpVersion(8, 2, 5)));
        assertTrue(added.expectedIn(new QmpVersion(11, 1, 0)), "a newer QEMU keeps what the newest capture has");
    }

    @Test
    void refusesVersionsThatWereNotCaptured() {
        assertThrows(IllegalArgumentException.class, () -> new QmpAvailability(List.of(new QmpVersion(5, 0, 0)),
                CAPTURED));
        assertEquals(V7_DEBIAN, QmpAvailability.version("7.2.22"));
        assertThrows(IllegalArgumentException.class, () -> QmpAvailability.version("7.2"));
    }
}
