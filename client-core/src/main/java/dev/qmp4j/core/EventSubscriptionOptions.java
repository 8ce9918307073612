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
    /** Default overflow policy: {@link EventOverflowPolicy#FAIL}, never silent. */
    public static final EventOverflowPolicy DEFAULT_OVERFLOW_POLICY = EventOverflowPolicy.FAIL;

    private final Set<String> eventNames;
    private final int bufferSize;
    private final EventOverflowPolicy overflowPolicy;

    private EventSubscriptionOptions(Builder b) {
        this.eventNames = b.eventNames;
        this.bufferSize = b.bufferSize;
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
        return new Builder().eventNames(eventNames).bufferSize(bufferSize).overflowPolicy(overflowPolicy);
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
     * What happens when the buffer is full.
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
