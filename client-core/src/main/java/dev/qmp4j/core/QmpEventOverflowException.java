package dev.qmp4j.core;

/**
 * An event subscription with {@link EventOverflowPolicy#FAIL} received an event while its buffer
 * was full, by count ({@link EventSubscriptionOptions#bufferSize()}) or by bytes
 * ({@link EventSubscriptionOptions#maxBufferedBytes()}). The subscription ends with this exception
 * after the events already buffered; the session and its other subscriptions carry on.
 */
public class QmpEventOverflowException extends QmpException {
    private static final long serialVersionUID = 1L;

    /** The size of the buffer that was full. */
    private final int capacity;

    /**
     * Creates the exception.
     *
     * @param capacity the buffer capacity that was exceeded
     * @param eventName the name of the event that did not fit
     */
    public QmpEventOverflowException(int capacity, String eventName) {
        super("event subscription buffer full (" + capacity + " events): " + eventName
                + " could not be queued; consume faster, raise bufferSize or choose a DROP_ overflow policy");
        this.capacity = capacity;
    }

    /**
     * Creates the exception for a buffer full by bytes.
     *
     * @param capacity the buffer capacity in events
     * @param maxBufferedBytes the byte budget that the event would have exceeded
     * @param eventName the name of the event that did not fit
     */
    public QmpEventOverflowException(int capacity, long maxBufferedBytes, String eventName) {
        super("event subscription buffer full (" + maxBufferedBytes + " bytes): " + eventName
                + " could not be queued; consume faster, raise maxBufferedBytes or choose a DROP_ overflow policy");
        this.capacity = capacity;
    }

    /**
     * The buffer capacity that was exceeded.
     *
     * @return the capacity in events
     */
    public int capacity() {
        return capacity;
    }
}
