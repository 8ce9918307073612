package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingConnectionChanges;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.ConnectionChange;
import dev.qmp4j.core.QmpException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tells the gaps of a reconnecting session as they happen, on a thread of its own: a line when
 * the connection is lost ({@code qmp: disconnected: WHY; reconnecting}) and one when it is back
 * ({@code qmp: reconnected to QEMU 10.0.2}). How a session ends for good is for its user to say.
 */
final class ReconnectReport implements AutoCloseable {
    private static final Duration END_WAIT = Duration.ofSeconds(5);

    private final BlockingConnectionChanges changes;
    private final Thread thread;

    private ReconnectReport(BlockingConnectionChanges changes, Consumer<String> print) {
        this.changes = changes;
        this.thread = new Thread(() -> report(print), "qmp-reconnect-report");
        thread.setDaemon(true);
    }

    /**
     * Starts reporting.
     *
     * @param session a reconnecting session
     * @param print prints one line, such as on stderr
     * @return the report; close it when done
     */
    static ReconnectReport start(BlockingQmpSession session, Consumer<String> print) {
        ReconnectReport report = new ReconnectReport(session.connectionChanges(), print);
        report.thread.start();
        return report;
    }

    /**
     * The line for a change, or null for a change not worth a line.
     *
     * @param change the change
     * @return the line
     */
    static String line(ConnectionChange change) {
        return switch (change.kind()) {
            case DISCONNECTED -> "qmp: disconnected: " + change.cause().orElseThrow().getMessage() + "; reconnecting";
            case RECONNECTED -> "qmp: reconnected to QEMU " + change.greeting().orElseThrow().version();
            case CONNECTED, GAVE_UP -> null;
        };
    }

    private void report(Consumer<String> print) {
        try {
            for (ConnectionChange change : changes) {
                String line = line(change);
                if (line != null) {
                    print.accept(line);
                }
            }
        } catch (QmpException ended) {
            // The session ended for good: whoever uses it says why.
        }
    }

    /** Stops reporting and waits (bounded) for the thread to end. */
    @Override
    public void close() {
        changes.close();
        try {
            thread.join(END_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
