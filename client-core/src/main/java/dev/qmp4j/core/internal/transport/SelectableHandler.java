package dev.qmp4j.core.internal.transport;

import java.nio.channels.SelectionKey;

/** Reacts to readiness of one registered channel; called on its event loop thread only. */
interface SelectableHandler {

    /** Handles the ready operations of {@code key}. */
    void onReady(SelectionKey key);

    /**
     * The loop cannot carry this channel any longer: {@link #onReady} threw (an Error included), or
     * the loop itself stopped. The handler closes its channel and tells its owner.
     */
    void onFailure(Throwable failure);
}
