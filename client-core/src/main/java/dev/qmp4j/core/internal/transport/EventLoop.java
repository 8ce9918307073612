package dev.qmp4j.core.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread: a selector over many non-blocking channels, a queue of tasks posted from
 * other threads, and timers. Everything a connection does with its socket and its protocol
 * state happens here, so that state needs no locks.
 *
 * <p>The loop outlives anything one channel, task or timer throws, Errors included: a failing
 * channel is handed its failure (and closed), the others go on. Only a failure of the loop itself
 * (its selector) ends it; then every channel still registered, and every later registration,
 * is told why.
 */
public final class EventLoop implements Executor {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int PURGE_THRESHOLD = 4096;
    /** The longest the loop sleeps when no timer is due sooner. */
    static final long LONGEST_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LoopSockets sockets;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<LoopTimer> timers = new PriorityQueue<>();
    /** Timers made on other threads, moved into {@link #timers} by the loop before it sleeps. */
    private final Queue<LoopTimer> newTimers = new ConcurrentLinkedQueue<>();
    /** When the loop's current sleep ends: a timer made on another thread due earlier wakes it. */
    private volatile long sleepEndsNanos = System.nanoTime();
    /** Every open channel's handler, kept apart from the selector so that they can be told even when it has failed. */
    private final Set<SelectableHandler> handlers = ConcurrentHashMap.newKeySet();
    /**
     * Shared by every connection of this loop: reads happen one at a time on this thread. On the
     * heap, so that the framer scans an array rather than native memory byte by byte.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final long longestSleepNanos;
    private int cancelledTimers;
    private volatile boolean running = true;
    /** Set once the thread has ended; from then on posted tasks run on the poster's thread, one at a time. */
    private volatile boolean terminated;
    /** Why the loop ended, once it has: what later registrations fail with. */
    private volatile IOException stopped;

    EventLoop(String threadName) {
        this(threadName, LoopSockets.JDK);
    }

    EventLoop(String threadName, LoopSockets sockets) {
        this(threadName, sockets, LONGEST_SLEEP_NANOS);
    }

    /** A loop over {@code sockets} that sleeps at most {@code longestSleepNanos} when no timer is due sooner. */
    EventLoop(String threadName, LoopSockets sockets, long longestSleepNanos) {
        this.sockets = sockets;
        this.longestSleepNanos = longestSleepNanos;
        try {
            this.selector = sockets.openSelector();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The kind of socket this loop carries: every channel registered here is opened by it. */
    public LoopSockets sockets() {
        return sockets;
    }

    /** Whether the caller runs on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop thread, soon; never inline while the loop runs. After the loop
     * has ended, runs it on the caller's thread (serialised), so that late work such as failing a
     * command still happens instead of waiting forever.
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (terminated) {
            runTasksAfterTermination();
        } else if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Runs {@code task} on the loop thread after {@code delayNanos}. Any thread: from another one
     * the loop is woken only when the timer is due before the loop would wake anyway, so that
     * command timers (all about as long) cost no wakeup.
     */
    public LoopTimer schedule(Runnable task, long delayNanos) {
        LoopTimer timer = new LoopTimer(System.nanoTime() + delayNanos, task);
        if (inLoop()) {
            timers.add(timer);
            return timer;
        }
        newTimers.add(timer);
        long sleepEnds = sleepEndsNanos; // read after the add: see run()
        if (timer.deadlineNanos - sleepEnds < 0 && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return timer;
    }

    /** Cancels a timer made by {@link #schedule}. Any thread. */
    public void cancel(LoopTimer timer) {
        if (timer != null && !timer.cancelled) {
            timer.cancel();
            // Cancelled timers leave the heap lazily; purge when they pile up (long timeouts, many commands).
            if (inLoop() && ++cancelledTimers > PURGE_THRESHOLD && cancelledTimers > timers.size() / 2) {
                timers.removeIf(t -> t.cancelled);
                cancelledTimers = 0;
            }
        }
    }

    /**
     * Registers a channel with the selector. Loop thread only.
     *
     * @throws IOException naming why the loop stopped, when it has
     */
    SelectionKey register(SelectableChannel channel, int ops, SelectableHandler handler) throws IOException {
        try {
            if (stopped == null) {
                SelectionKey key = channel.register(selector, ops, handler);
                handlers.add(handler);
                return key;
            }
        } catch (ClosedSelectorException e) {
            // The loop is ending right now: say why below.
        }
        IOException why = stopped;
        throw why == null ? new IOException("the qmp4j I/O thread " + thread.getName() + " is stopping")
                : new IOException(why.getMessage(), why.getCause());
    }

    /** Forgets a handler whose channel is closed. */
    void forget(SelectableHandler handler) {
        handlers.remove(handler);
    }

    /** The buffer every read of this loop goes through. Loop thread only. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** The selector, for tests that make the loop itself fail. */
    Selector selector() {
        return selector;
    }

    /** Stops the loop after the tasks already posted and waits for its thread to end. */
    void shutdown(long timeoutMillis) {
        execute(() -> running = false);
        if (!inLoop()) {
            try {
                thread.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Throwable failure = null;
        try {
            while (running) {
                runTasks();
                long waitNanos = runDueTimers();
                if (!running) {
                    break;
                }
                wakeupPending.set(false);
                // Never asleep for long without a deadline: a timer made on another thread due later than that
                // (a command's timeout, usually) then needs no wakeup.
                waitNanos = Math.min(waitNanos, longestSleepNanos);
                // Published before the queues are checked: a timer added after the check sees when this sleep ends.
                sleepEndsNanos = System.nanoTime() + waitNanos;
                if (!tasks.isEmpty() || !newTimers.isEmpty()) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
                }
                handleSelectedKeys();
            }
        } catch (Throwable t) {
            failure = t;
            log.error("qmp4j event loop {} stopped by an unexpected error", thread.getName(), t);
        } finally {
            stopped = failure == null
                    ? new IOException("the qmp4j I/O thread " + thread.getName() + " was shut down")
                    : new IOException("the qmp4j I/O thread " + thread.getName() + " stopped after an unexpected failure: "
                            + failure, failure);
            closeRemainingChannels(stopped);
            terminated = true;
            runTasksAfterTermination();
        }
    }

    private synchronized void runTasksAfterTermination() {
        runTasks();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                log.error("qmp4j event loop task failed", t);
            }
        }
    }

    /** Runs due timers; returns nanoseconds until the next one, or Long.MAX_VALUE for none. */
    private long runDueTimers() {
        LoopTimer made;
        while ((made = newTimers.poll()) != null) {
            if (!made.cancelled) {
                timers.add(made);
            }
        }
        long now = System.nanoTime();
        LoopTimer next;
        while ((next = timers.peek()) != null) {
            if (next.cancelled) {
                timers.poll();
                cancelledTimers = Math.max(0, cancelledTimers - 1);
                continue;
            }
            long wait = next.deadlineNanos - now;
            if (wait > 0) {
                return wait;
            }
            timers.poll();
            Runnable task = next.task;
            next.cancel();
            try {
                task.run();
            } catch (Throwable t) {
                log.error("qmp4j timer task failed", t);
            }
        }
        return Long.MAX_VALUE;
    }

    private void handleSelectedKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            SelectableHandler handler = (SelectableHandler) key.attachment();
            try {
                // junixsocket's selector invalidates the key of a socket that hung up (POLLHUP, POLLERR) and
                // closes it at its next select: its handler must read what is left, and the end, now.
                if (key.isValid() || handlers.contains(handler) && key.channel().isOpen()) {
                    handler.onReady(key);
                }
            } catch (Throwable t) {
                fail(handler, t);
                if (handlers.contains(handler)) { // it could not even close itself
                    key.cancel();
                    closeQuietly(key.channel());
                    forget(handler);
                }
            }
        }
    }

    /** Hands a handler its failure; whatever that throws stays here. */
    private static void fail(SelectableHandler handler, Throwable failure) {
        try {
            handler.onFailure(failure);
        } catch (Throwable t) {
            log.error("qmp4j channel handler failed while handling its own failure ({})", failure.toString(), t);
        }
    }

    private void closeRemainingChannels(IOException why) {
        for (SelectableHandler handler : List.copyOf(handlers)) {
            fail(handler, why);
        }
        handlers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector failed", e);
        }
    }

    private static void closeQuietly(SelectableChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a failed channel failed", e);
        }
    }
}
