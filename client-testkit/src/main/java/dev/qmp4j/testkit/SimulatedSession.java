package dev.qmp4j.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One client connection to a {@link QmpSimulator}. All methods are thread-safe; actions are
 * carried out on the simulator's I/O thread in the order they were called.
 */
public interface SimulatedSession {

    /**
     * A number identifying the session within its simulator, from 1 in accept order.
     *
     * @return the id
     */
    long id();

    /**
     * Whether the connection is still open.
     *
     * @return true until either side closed it
     */
    boolean isOpen();

    /**
     * Whether capabilities negotiation has completed.
     *
     * @return true in command mode
     */
    boolean inCommandMode();

    /**
     * The capabilities the client enabled with {@code qmp_capabilities}.
     *
     * @return for example {@code ["oob"]}; empty before negotiation
     */
    Set<String> enabledCapabilities();

    /**
     * The command messages received so far, in arrival order.
     *
     * @return a snapshot
     */
    List<ReceivedCommand> received();

    /**
     * Waits until at least {@code count} command messages have been received.
     *
     * @param count how many
     * @param timeout how long to wait
     * @return a snapshot of all received commands
     * @throws SimulatorTimeoutException if fewer arrived in time
     */
    List<ReceivedCommand> awaitReceived(int count, Duration timeout);

    /**
     * The highest number of in-band messages this session had received but not yet answered at
     * any moment. QEMU queues at most 8 (with {@code oob}); a client must stay within that.
     *
     * @return the high-water mark
     */
    int maxInBandOutstanding();

    /**
     * Sends an event on this session if it is in command mode. QEMU drops events for monitors
     * still negotiating, and so does the simulator.
     *
     * @param event the event
     */
    void pushEvent(SimulatedEvent event);

    /**
     * Writes text as is (UTF-8, no line end added), for example garbage or a hand-made reply.
     *
     * @param text the text
     */
    void sendRaw(String text);

    /**
     * Writes bytes as is.
     *
     * @param bytes the bytes
     */
    void sendRaw(byte[] bytes);

    /** Closes the connection at once, dropping output not yet written. */
    void close();

    /**
     * Waits until the connection is closed by either side.
     *
     * @param timeout how long to wait
     * @throws SimulatorTimeoutException if it is still open
     */
    void awaitClosed(Duration timeout);
}
