package dev.qmp4j.core;

/**
 * What a call to a reconnecting session does while the connection is lost and not yet
 * re-established (see {@link ReconnectOptions#disconnectedCalls()}). Commands that were already
 * waiting for their reply when the connection was lost fail at once either way, and are never
 * sent again: QMP commands are not idempotent.
 */
public enum DisconnectedCalls {
    /**
     * The call fails at once with a {@link QmpConnectionException} whose cause is why the
     * connection was lost. Nothing is ever sent to a server the caller has not seen yet.
     */
    FAIL_FAST,
    /**
     * The call waits for the session to reconnect, within its own timeout, and then runs on the
     * new connection; it fails with a {@link QmpTimeoutException} when the session has not
     * reconnected in time, and with the session's end when it is closed or gives up meanwhile.
     */
    WAIT
}
