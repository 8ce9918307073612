package dev.qmp4j.core;

import dev.qmp4j.core.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Whether and how a session that {@link QmpClient#connect(QmpEndpoint) connected} to a QMP server
 * connects again when the connection is lost, for long-lived tools that must outlive QEMU
 * restarting on the same socket path. Off by default ({@link #disabled()}); turn it on with
 * {@code QmpClientOptions.builder().reconnect(ReconnectOptions.builder().build())}. Immutable.
 *
 * <p>When the connection is lost, every command waiting for its reply fails at once with the cause
 * (none is sent again: QMP commands are not idempotent). The session then waits, connects again,
 * reads the new greeting and negotiates again: {@link QmpSession#greeting()},
 * {@link QmpSession#enabledCapabilities()} and {@link QmpSession#schema()} then describe the new
 * server, which may be another QEMU version. Event subscriptions go on across the gap. Before
 * attempt {@code n} (from 1) it waits
 * {@code min(maxDelay, initialDelay × multiplier^(n-1))}, shortened by a random fraction of up to
 * {@code jitter}, so that many clients of one restarted host do not all come back at once. Each
 * attempt has the client's {@link QmpClientOptions#connectTimeout()}. After
 * {@link #maxAttempts()} failed attempts in a row the session gives up and ends.
 * {@link QmpSession#connectionChanges()} shows all of it.
 *
 * <p>Only for sessions the client connects: a client with reconnection on refuses
 * {@link QmpClient#listen(QmpEndpoint)} (and so {@link dev.qmp4j.core.launch.QemuLauncher}),
 * because there the server connects to the client, and a launched QEMU that died does not come back.
 * The first connect is not retried: {@code connect} fails as without reconnection, so that a wrong
 * endpoint shows at once.
 */
public final class ReconnectOptions {
    /** Default wait before the first attempt after the connection was lost: 100 milliseconds. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(100);
    /** Default longest wait between attempts: 5 seconds. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    /** Default factor by which each wait is longer than the one before: {@value}. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default largest fraction by which a wait is shortened at random: {@value}. */
    public static final double DEFAULT_JITTER = 0.2;
    /** Default behaviour of calls made while disconnected: {@link DisconnectedCalls#FAIL_FAST}. */
    public static final DisconnectedCalls DEFAULT_DISCONNECTED_CALLS = DisconnectedCalls.FAIL_FAST;

    private static final ReconnectOptions DISABLED = new ReconnectOptions(new Builder(), false);

    private final boolean enabled;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final int maxAttempts; // 0: unlimited
    private final DisconnectedCalls disconnectedCalls;

    private ReconnectOptions(Builder b, boolean enabled) {
        this.enabled = enabled;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.maxAttempts = b.maxAttempts;
        this.disconnectedCalls = b.disconnectedCalls;
    }

    /**
     * No reconnection, the default of {@link QmpClientOptions}: a lost connection ends the session.
     *
     * @return the options that turn reconnection off
     */
    public static ReconnectOptions disabled() {
        return DISABLED;
    }

    /**
     * A builder of options that turn reconnection on, starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options' values; what it builds has reconnection on.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.initialDelay = initialDelay;
        b.maxDelay = maxDelay;
        b.multiplier = multiplier;
        b.jitter = jitter;
        b.maxAttempts = maxAttempts;
        b.disconnectedCalls = disconnectedCalls;
        return b;
    }

    /**
     * Whether sessions reconnect at all.
     *
     * @return false only for {@link #disabled()}
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The wait before the first attempt after the connection was lost.
     *
     * @return a positive duration
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * The longest wait between two attempts.
     *
     * @return a duration at least {@link #initialDelay()}
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The factor by which each wait is longer than the one before, until {@link #maxDelay()}.
     *
     * @return at least 1
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * The largest fraction by which a wait is shortened at random: 0.2 makes a wait of 1 s
     * anything from 0.8 s to 1 s.
     *
     * @return from 0 (none) up to, not including, 1
     */
    public double jitter() {
        return jitter;
    }

    /**
     * How many attempts in a row may fail before the session gives up; the count starts again after
     * each successful reconnection.
     *
     * @return the limit, or empty for no limit (the default)
     */
    public OptionalInt maxAttempts() {
        return maxAttempts == 0 ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
    }

    /**
     * What calls made while disconnected do.
     *
     * @return fail at once, or wait within their own timeout
     */
    public DisconnectedCalls disconnectedCalls() {
        return disconnectedCalls;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "ReconnectOptions[disabled]";
        }
        return "ReconnectOptions[initialDelay=" + Durations.text(initialDelay) + ", maxDelay=" + Durations.text(maxDelay)
                + ", multiplier=" + multiplier
                + ", jitter=" + jitter + ", maxAttempts=" + (maxAttempts == 0 ? "unlimited" : maxAttempts)
                + ", disconnectedCalls=" + disconnectedCalls + "]";
    }

    /** Builder of {@link ReconnectOptions} with reconnection on; not thread-safe. */
    public static final class Builder {
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private double multiplier = DEFAULT_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private int maxAttempts;
        private DisconnectedCalls disconnectedCalls = DEFAULT_DISCONNECTED_CALLS;

        private Builder() {
        }

        /**
         * Sets the wait before the first attempt; default {@link #DEFAULT_INITIAL_DELAY}.
         *
         * @param delay a positive duration
         * @return this builder
         */
        public Builder initialDelay(Duration delay) {
            this.initialDelay = positive(delay, "initialDelay");
            return this;
        }

        /**
         * Sets the longest wait between attempts; default {@link #DEFAULT_MAX_DELAY}.
         *
         * @param delay a positive duration, at least the initial delay (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxDelay(Duration delay) {
            this.maxDelay = positive(delay, "maxDelay");
            return this;
        }

        /**
         * Sets the factor between one wait and the next; default {@link #DEFAULT_MULTIPLIER}.
         *
         * @param multiplier at least 1 (1 waits the initial delay every time)
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * Sets the largest fraction by which a wait is shortened at random; default
         * {@link #DEFAULT_JITTER}.
         *
         * @param jitter from 0 (every wait exactly as computed) up to, not including, 1
         * @return this builder
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be at least 0 and less than 1, got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Gives up after this many failed attempts in a row; default unlimited.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Never gives up (the default): attempts go on, at most {@link #maxDelay(Duration)} apart,
         * until the session is closed.
         *
         * @return this builder
         */
        public Builder unlimitedAttempts() {
            this.maxAttempts = 0;
            return this;
        }

        /**
         * Sets what calls made while disconnected do; default {@link #DEFAULT_DISCONNECTED_CALLS}.
         *
         * @param behaviour fail at once, or wait within their own timeout
         * @return this builder
         */
        public Builder disconnectedCalls(DisconnectedCalls behaviour) {
            this.disconnectedCalls = Objects.requireNonNull(behaviour, "behaviour");
            return this;
        }

        /**
         * Builds the options, with reconnection on.
         *
         * @return immutable options
         * @throws IllegalArgumentException when the maximum delay is shorter than the initial one
         */
        public ReconnectOptions build() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay (" + Durations.text(maxDelay)
                        + ") must not be shorter than initialDelay (" + Durations.text(initialDelay) + ")");
            }
            return new ReconnectOptions(this, true);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + Durations.text(d));
            }
            return d;
        }
    }
}
