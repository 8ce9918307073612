package dev.qmp4j.core.internal.transport;

import dev.qmp4j.core.internal.wire.JsonFrame;

/** What a {@link Connection} reports; called on its event loop thread, never after close. */
public interface ConnectionListener {

    /** The socket is connected (or was accepted) and registered for reading. */
    void onConnected();

    /** One whole JSON message arrived. Handles its own failures: whatever goes wrong stays with the listener. */
    void onMessage(JsonFrame frame);

    /**
     * The messages of one read have all been handed over: work gathered while handling them (such
     * as completions for the callback executor) can go out together. Not called when the read
     * ended the connection.
     */
    void onReadEnd();

    /** The server closed its end (EOF). The connection is closed already. */
    void onEndOfStream();

    /**
     * Connecting, reading or writing failed, the bytes were not valid framing, or the loop could no
     * longer carry the connection (then {@code error} names why). The connection is closed already.
     */
    void onError(Throwable error);
}
