package dev.qmp4j.core.internal.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** The fixed set of I/O threads of one client; connections are spread over them in turn. */
public final class EventLoopGroup {
    private static final AtomicInteger GROUP_IDS = new AtomicInteger();

    private final EventLoop[] loops;
    private final AtomicInteger nextIndex = new AtomicInteger();

    /** Starts {@code threads} loops named {@code qmp4j-io-GROUP-N} over the JDK's sockets. */
    public EventLoopGroup(int threads) {
        this(threads, LoopSockets.JDK, "qmp4j-io-");
    }

    /** Starts {@code threads} loops named {@code namePrefix}{@code GROUP-N} over {@code sockets}. */
    public EventLoopGroup(int threads, LoopSockets sockets, String namePrefix) {
        int group = GROUP_IDS.incrementAndGet();
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(namePrefix + group + "-" + i, sockets);
        }
    }

    /** The loop for the next connection. */
    public EventLoop next() {
        return loops[Math.floorMod(nextIndex.getAndIncrement(), loops.length)];
    }

    /** Stops every loop, closing what is still registered, and waits for the threads. */
    public void shutdown(long timeoutMillis) {
        for (EventLoop loop : loops) {
            loop.shutdown(timeoutMillis);
        }
    }
}
