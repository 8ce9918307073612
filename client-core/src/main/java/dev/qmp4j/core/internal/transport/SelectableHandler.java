package dev.qmp4j.core.internal.transport;

import java.nio.channels.SelectionKey;

/** Reacts to readiness of one registered channel; called on its event loop thread only. */
interface SelectableHandler {

    /** Handles the ready operations of {@code key}. */
    void onReady(SelectionKey key);

    /** The loop could not handle this channel (an exception escaped {@link #onReady}). */
    void onFailure(Exception failure);
}
