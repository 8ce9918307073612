package dev.qmp4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A step in the life of a session's connection, as {@link QmpSession#connectionChanges()} tells
 * it: connected, disconnected (with why), reconnected (with the new server's greeting), or given
 * up (with why).
 *
 * @param kind what happened
 * @param greeting the server's greeting, for {@link Kind#CONNECTED} and {@link Kind#RECONNECTED}
 * @param cause why, for {@link Kind#DISCONNECTED} and {@link Kind#GAVE_UP}
 * @param attempts how many attempts it took to reconnect ({@link Kind#RECONNECTED}) or failed
 *     before giving up ({@link Kind#GAVE_UP}); 0 for the other kinds
 */
public record ConnectionChange(Kind kind, Optional<QmpGreeting> greeting, Optional<QmpException> cause, int attempts) {

    /** What happened to the connection. */
    public enum Kind {
        /** The session is in command mode on its first connection. */
        CONNECTED,
        /** The connection was lost; a reconnecting session now tries to connect again. */
        DISCONNECTED,
        /** The session is in command mode again, on a new connection, after {@code attempts} attempts. */
        RECONNECTED,
        /** {@code attempts} attempts in a row failed: the session has ended. */
        GAVE_UP
    }

    /**
     * Checks that each kind has what it needs: a greeting for the connected kinds, a cause for the
     * others, attempts only where they are counted.
     *
     * @param kind what happened
     * @param greeting the greeting, present exactly for CONNECTED and RECONNECTED
     * @param cause the cause, present exactly for DISCONNECTED and GAVE_UP
     * @param attempts at least 1 for RECONNECTED and GAVE_UP, 0 otherwise
     * @throws IllegalArgumentException when they do not fit the kind
     */
    public ConnectionChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(greeting, "greeting");
        Objects.requireNonNull(cause, "cause");
        boolean connected = kind == Kind.CONNECTED || kind == Kind.RECONNECTED;
        boolean counted = kind == Kind.RECONNECTED || kind == Kind.GAVE_UP;
        if (greeting.isPresent() != connected || cause.isPresent() == connected || (attempts > 0) != counted
                || attempts < 0) {
            throw new IllegalArgumentException(kind + " takes " + (connected ? "a greeting" : "a cause")
                    + (counted ? " and at least 1 attempt" : " and no attempts") + ", got greeting " + greeting
                    + ", cause " + cause + ", attempts " + attempts);
        }
    }

    /**
     * The session is in command mode on its first connection.
     *
     * @param greeting the server's greeting
     * @return the change
     */
    public static ConnectionChange connected(QmpGreeting greeting) {
        return new ConnectionChange(Kind.CONNECTED, Optional.of(greeting), Optional.empty(), 0);
    }

    /**
     * The connection was lost.
     *
     * @param cause why
     * @return the change
     */
    public static ConnectionChange disconnected(QmpException cause) {
        return new ConnectionChange(Kind.DISCONNECTED, Optional.empty(), Optional.of(cause), 0);
    }

    /**
     * The session is in command mode on a new connection.
     *
     * @param greeting the new server's greeting
     * @param attempts how many attempts it took, at least 1
     * @return the change
     */
    public static ConnectionChange reconnected(QmpGreeting greeting, int attempts) {
        return new ConnectionChange(Kind.RECONNECTED, Optional.of(greeting), Optional.empty(), attempts);
    }

    /**
     * The session gave up reconnecting and has ended.
     *
     * @param cause why: a {@link QmpConnectionException} whose cause is what ended the connection
     * @param attempts how many attempts failed, at least 1
     * @return the change
     */
    public static ConnectionChange gaveUp(QmpException cause, int attempts) {
        return new ConnectionChange(Kind.GAVE_UP, Optional.empty(), Optional.of(cause), attempts);
    }

    /**
     * One line for logs: {@code CONNECTED to QEMU 7.2.22}, {@code DISCONNECTED: why},
     * {@code RECONNECTED to QEMU 10.0.2 after 2 attempts}, {@code GAVE_UP after 5 attempts: why}.
     */
    @Override
    public String toString() {
        String tries = attempts == 1 ? " after 1 attempt" : attempts > 1 ? " after " + attempts + " attempts" : "";
        return greeting.map(g -> kind + " to QEMU " + g.version() + tries)
                .orElseGet(() -> kind + tries + ": " + cause.orElseThrow().getMessage());
    }
}
