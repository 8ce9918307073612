package dev.qmp4j.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    private final EventLoopGroup group = new EventLoopGroup(1);
    private final EventLoop loop = group.next();

    @AfterEach
    void stop() {
        group.shutdown(5000);
    }

    @Test
    void tasksRunOnTheLoopThreadInOrder() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.execute(() -> order.add(n));
        }
        loop.execute(() -> onLoop.complete(loop.inLoop() && Thread.currentThread().getName().startsWith("qmp4j-io-")));
        assertTrue(onLoop.get(5, TimeUnit.SECONDS));
        assertEquals(100, order.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, order.get(i));
        }
        assertFalse(loop.inLoop());
    }

    @Test
    void timersFireByDeadlineAndCancelledOnesDoNot() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            loop.schedule(() -> fired.add("late"), TimeUnit.MILLISECONDS.toNanos(60));
            loop.schedule(() -> fired.add("early"), TimeUnit.MILLISECONDS.toNanos(20));
            LoopTimer cancelled = loop.schedule(() -> fired.add("cancelled"), TimeUnit.MILLISECONDS.toNanos(40));
            loop.cancel(cancelled);
            loop.schedule(() -> done.complete(null), TimeUnit.MILLISECONDS.toNanos(100));
        });
        done.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("early", "late"), fired);
    }

    @Test
    void manyCancelledTimersArePurged() throws Exception {
        CompletableFuture<Integer> fired = new CompletableFuture<>();
        loop.execute(() -> {
            for (int i = 0; i < 100_000; i++) {
                loop.cancel(loop.schedule(() -> fired.complete(-1), TimeUnit.SECONDS.toNanos(30)));
            }
            loop.schedule(() -> fired.complete(1), 0);
        });
        assertEquals(1, fired.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tasksPostedAfterShutdownStillRun() throws Exception {
        group.shutdown(5000);
        CompletableFuture<String> ran = new CompletableFuture<>();
        loop.execute(() -> ran.complete("ran"));
        assertEquals("ran", ran.getNow("not run"), "a late task must not wait forever");
    }

    // ---- the loop outlives what one channel, task or timer throws ----

    /** A handler of one pipe: records what it reads and how it failed; closes its channel on failure, as Connection does. */
    private final class PipeHandler implements SelectableHandler {
        final Pipe pipe;
        final CompletableFuture<String> read = new CompletableFuture<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        private final Throwable throwOnReady;
        private final RuntimeException throwOnFailure;

        PipeHandler(Throwable throwOnReady, RuntimeException throwOnFailure) throws IOException {
            this.pipe = Pipe.open();
            this.throwOnReady = throwOnReady;
            this.throwOnFailure = throwOnFailure;
            pipe.source().configureBlocking(false);
        }

        /** Registers on the loop; completes with why it could not, or null. */
        CompletableFuture<IOException> register() {
            CompletableFuture<IOException> registered = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    loop.register(pipe.source(), SelectionKey.OP_READ, this);
                    registered.complete(null);
                } catch (IOException e) {
                    registered.complete(e);
                }
            });
            return registered;
        }

        void send(String text) throws IOException {
            pipe.sink().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void onReady(SelectionKey key) {
            if (throwOnReady instanceof Error error) {
                throw error;
            }
            ByteBuffer buffer = ByteBuffer.allocate(64);
            try {
                pipe.source().read(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            read.complete(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        }

        @Override
        public void onFailure(Throwable t) {
            if (throwOnFailure != null) {
                failure.complete(t);
                throw throwOnFailure;
            }
            try {
                pipe.source().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loop.forget(this);
            failure.complete(t); // last: the test reads the channel's state once this completes
        }
    }

    @Test
    void anErrorInOneChannelFailsThatChannelAndTheLoopServesTheOthers() throws Exception {
        PipeHandler failing = new PipeHandler(new StackOverflowError("simulated"), null);
        PipeHandler healthy = new PipeHandler(null, null);
        assertNull(failing.register().get(5, TimeUnit.SECONDS));
        assertNull(healthy.register().get(5, TimeUnit.SECONDS));

        failing.send("x");
        assertEquals("simulated", failing.failure.get(5, TimeUnit.SECONDS).getMessage());
        healthy.send("still served");
        assertEquals("still served", healthy.read.get(5, TimeUnit.SECONDS));
        assertFalse(failing.pipe.source().isOpen());
    }

    @Test
    void aChannelWhoseFailureHandlingFailsTooIsClosedByTheLoop() throws Exception {
        PipeHandler failing = new PipeHandler(new NoClassDefFoundError("simulated"), new IllegalStateException("again"));
        PipeHandler healthy = new PipeHandler(null, null);
        assertNull(failing.register().get(5, TimeUnit.SECONDS));
        assertNull(healthy.register().get(5, TimeUnit.SECONDS));

        failing.send("x");
        failing.failure.get(5, TimeUnit.SECONDS);
        CompletableFuture<Boolean> open = new CompletableFuture<>();
        loop.execute(() -> open.complete(failing.pipe.source().isOpen())); // runs after the loop has dealt with it
        assertFalse(open.get(5, TimeUnit.SECONDS));
        healthy.send("still served");
        assertEquals("still served", healthy.read.get(5, TimeUnit.SECONDS));
    }

    @Test
    void errorsThrownByTasksAndTimersDoNotStopTheLoop() throws Exception {
        CompletableFuture<String> after = new CompletableFuture<>();
        loop.execute(() -> {
            throw new OutOfMemoryError("simulated");
        });
        loop.execute(() -> loop.schedule(() -> {
            throw new NoClassDefFoundError("simulated");
        }, 0));
        loop.execute(() -> loop.schedule(() -> after.complete("timers run"), TimeUnit.MILLISECONDS.toNanos(20)));
        assertEquals("timers run", after.get(5, TimeUnit.SECONDS));
    }

    @Test
    void whenTheSelectorFailsEveryChannelAndEveryLaterRegistrationLearnsWhy() throws Exception {
        PipeHandler registered = new PipeHandler(null, null);
        assertNull(registered.register().get(5, TimeUnit.SECONDS));

        loop.selector().close();

        IOException told = assertInstanceOf(IOException.class, registered.failure.get(5, TimeUnit.SECONDS));
        assertTrue(told.getMessage().matches("the qmp4j I/O thread qmp4j-io-\\d+-0 stopped after an unexpected failure: "
                + "java.nio.channels.ClosedSelectorException"), told.getMessage());
        assertInstanceOf(ClosedSelectorException.class, told.getCause());
        assertFalse(registered.pipe.source().isOpen());

        IOException later = new PipeHandler(null, null).register().get(5, TimeUnit.SECONDS);
        assertEquals(told.getMessage(), later.getMessage());
        assertSame(told.getCause(), later.getCause());
    }

    @Test
    void aTimerMadeOnAnotherThreadWakesALoopAsleepUntilLater() throws Exception {
        EventLoop sleepy = new EventLoop("qmp4j-io-test-sleepy", LoopSockets.JDK, TimeUnit.HOURS.toNanos(1));
        try {
            CompletableFuture<Void> asleep = new CompletableFuture<>();
            sleepy.execute(() -> {
                sleepy.schedule(() -> { }, TimeUnit.HOURS.toNanos(1)); // the loop now sleeps until then
                asleep.complete(null);
            });
            asleep.get(5, TimeUnit.SECONDS);
            awaitSelecting("qmp4j-io-test-sleepy");
            CompletableFuture<Boolean> fired = new CompletableFuture<>();
            sleepy.schedule(() -> fired.complete(sleepy.inLoop()), TimeUnit.MILLISECONDS.toNanos(20));
            assertTrue(fired.get(30, TimeUnit.SECONDS), "runs on the loop thread, long before the hour is up");
        } finally {
            sleepy.shutdown(5000);
        }
    }

    @Test
    void aTimerMadeAndCancelledOnAnotherThreadNeverRuns() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        LoopTimer cancelled = loop.schedule(() -> fired.add("cancelled"), TimeUnit.MILLISECONDS.toNanos(20));
        loop.cancel(cancelled);
        CompletableFuture<Void> later = new CompletableFuture<>();
        loop.schedule(() -> later.complete(null), TimeUnit.MILLISECONDS.toNanos(60));
        later.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), fired);
    }

    /** Waits until the named loop thread sits in its selector. */
    private static void awaitSelecting(String threadName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals(threadName)
                        && List.of(e.getValue()).stream().anyMatch(f -> f.getMethodName().equals("doSelect"))) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(threadName + " never reached its selector");
    }
}
