package dev.qmp4j.core;

import java.util.Objects;
import java.util.Set;

/**
 * How an {@link EventSubscription} filters and buffers events. Immutable; build with
 * {@link #builder()}.
 */
public final class EventSubscriptionOptions {
    /** Default buffer capacity of a subscription: {@value} events. */
    public static final int DEFAULT_BUFFER_SIZE = 1024;
    /**
     * Default heap the buffered events of a subscription may keep: {@value} bytes (16 MiB),
     * estimated from each event's size on the wire (see {@link #maxBufferedBytes()}).
     */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 16L * 1024 * 1024;
    /** Default overflow policy: {@link EventOverflowPolicy#FAIL}, never silent. */
    public static final EventOverflowPolicy DEFAULT_OVERFLOW_POLICY = EventOverflowPolicy.FAIL;

    private final Set<String> eventNames;
    private final int bufferSize;
    private final long maxBufferedBytes;
    private final EventOverflowPolicy overflowPolicy;

    private EventSubscriptionOptions(Builder b) {
        this.eventNames = b.eventNames;
        this.bufferSize = b.bufferSize;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.overflowPolicy = b.overflowPolicy;
    }

    /**
     * All events, default buffer and policy.
     *
     * @return the default options
     */
    public static EventSubscriptionOptions defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a new builder holding this object's values
     */
    public Builder toBuilder() {
        return new Builder().eventNames(eventNames).bufferSize(bufferSize).maxBufferedBytes(maxBufferedBytes)
                .overflowPolicy(overflowPolicy);
    }

    /**
     * The event names to receive; empty means every event.
     *
     * @return the names
     */
    public Set<String> eventNames() {
        return eventNames;
    }

    /**
     * How many events the subscription buffers before its overflow policy applies.
     *
     * @return the capacity
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * How much heap the buffered events may keep before the overflow policy applies, in bytes. Each
     * event counts an upper bound of what it keeps while it waits: an event as received keeps its
     * data as the server's text until it is read, and counts the bytes it took on the wire, two
     * bytes per character of its name and 256 bytes for the objects around them; an event whose
     * data is a JSON tree (one without data, or of a shape read whole) counts two bytes per byte
     * on the wire plus about 100 bytes per JSON value. So a server cannot fill the heap with a few
     * hundred large events any more than with many small ones. An event that alone is over the
     * budget overflows even an empty buffer.
     *
     * @return the budget in bytes
     */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /**
     * What happens when the buffer is full, by count or by bytes.
     *
     * @return the policy
     */
    public EventOverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** Builder of {@link EventSubscriptionOptions}; not thread-safe. */
    public static final class Builder {
        private Set<String> eventNames = Set.of();
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private EventOverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;

        private Builder() {
        }

        /**
         * Receives only events with these names; empty (the default) receives all.
         *
         * @param names event names such as {@code STOP}
         * @return this builder
         */
        public Builder eventNames(Set<String> names) {
            this.eventNames = Set.copyOf(names);
            return this;
        }

        /**
         * Receives only events with these names.
         *
         * @param names event names such as {@code STOP}
         * @return this builder
         */
        public Builder eventNames(String... names) {
            return eventNames(Set.of(names));
        }

        /**
         * Sets the buffer capacity; default {@link #DEFAULT_BUFFER_SIZE}.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder bufferSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("bufferSize must be at least 1, got " + size);
            }
            this.bufferSize = size;
            return this;
        }

        /**
         * Sets the heap budget of the buffered events; default {@link #DEFAULT_MAX_BUFFERED_BYTES}.
         *
         * @param bytes at least 1024
         * @return this builder
         * @throws IllegalArgumentException when below 1024
         */
        public Builder maxBufferedBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBufferedBytes must be at least 1024, got " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /**
         * Sets the overflow policy; default {@link #DEFAULT_OVERFLOW_POLICY}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder overflowPolicy(EventOverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return immutable options
         */
        public EventSubscriptionOptions build() {
            return new EventSubscriptionOptions(this);
        }
    }
}
