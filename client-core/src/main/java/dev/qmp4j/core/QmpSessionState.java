package dev.qmp4j.core;

/**
 * Where a QMP connection is in its life. A {@link QmpSession} is handed out only in
 * {@link #READY}; the earlier states are visible in error messages and logs.
 */
public enum QmpSessionState {
    /** The socket is being connected (or accepted). */
    CONNECTING,
    /** Connected; waiting for the server's greeting. */
    GREETING,
    /** {@code qmp_capabilities} sent; waiting for its reply. */
    NEGOTIATING,
    /** Command mode: commands run and events flow. */
    READY,
    /** Closing: waiting commands are being failed and the socket closed. */
    CLOSING,
    /** Closed; every call fails fast. */
    CLOSED
}
