package dev.qmp4j.core;

/**
 * What an event subscription does when an event arrives and its buffer is full. None of them
 * blocks the I/O thread or delays command replies or other subscribers.
 */
public enum EventOverflowPolicy {
    /**
     * End the subscription with a {@link QmpEventOverflowException} once the buffered events have
     * been taken. The default: a consumer that falls behind finds out.
     */
    FAIL,
    /** Discard the oldest buffered event to make room; counted in {@link EventSubscription#droppedCount()}. */
    DROP_OLDEST,
    /** Discard the event that does not fit; counted in {@link EventSubscription#droppedCount()}. */
    DROP_NEWEST
}
