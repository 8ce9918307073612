package dev.qmp4j.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
