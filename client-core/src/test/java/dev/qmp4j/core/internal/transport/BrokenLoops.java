package dev.qmp4j.core.internal.transport;

import java.io.IOException;

/** Breaks an event loop from outside, for tests of what its sessions and callers are told then. */
public final class BrokenLoops {
    private BrokenLoops() {
    }

    /**
     * Closes the loop's selector under it, as a failing selector would end it.
     *
     * @param loop the loop to break
     * @throws IOException if closing fails
     */
    public static void closeSelector(EventLoop loop) throws IOException {
        loop.selector().close();
    }
}
