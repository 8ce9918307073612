package dev.qmp4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/** Small helpers shared by the end-to-end tests of the core against {@code QmpSimulator}. */
public final class SimulatorTesting {
    /** Generous bound for anything the tests wait for; a healthy run needs milliseconds. */
    static final long WAIT_SECONDS = 10;

    private SimulatorTesting() {
    }

    /** The future's value, waiting at most {@link #WAIT_SECONDS}; a failure is rethrown as is. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** What one of {@link #onThreads}' threads does, given its number. */
    public interface ThreadBody {
        /**
         * Runs on one thread.
         *
         * @param thread the thread's number, from 0
         * @throws Exception to fail the test
         */
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads at once and waits for all, rethrowing the first failure. */
    public static void onThreads(int threads, long seconds, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(seconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for the future to fail and returns why, as the expected type. */
    static <E extends Throwable> E awaitFailure(CompletableFuture<?> future, Class<E> expected) {
        Object value;
        try {
            value = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(expected, e.getCause(), () -> "failed with an unexpected exception: " + e.getCause());
        } catch (TimeoutException e) {
            return fail("future did not complete within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        }
        return fail("expected a failure with " + expected.getSimpleName() + " but got the value " + value);
    }

    /** Asserts that the future has already failed (fail fast: no waiting at all) and returns why. */
    static <E extends Throwable> E failedAtOnce(CompletableFuture<?> future, Class<E> expected) {
        if (!future.isCompletedExceptionally()) {
            fail("expected a future that had already failed, got " + future);
        }
        return awaitFailure(future, expected);
    }

    /**
     * Collects what one logback logger logs at {@code level} and above, and restores the logger's
     * level and appenders on close.
     */
    public static final class LogCapture implements AutoCloseable {
        private final Logger logger;
        private final Level previousLevel;
        private final boolean previousAdditive;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                super.append(event); // called holding the appender's lock
                notifyAll();
            }
        };

        /**
         * Starts capturing.
         *
         * @param loggerName the logger, with its descendants
         * @param level the lowest level captured
         */
        public LogCapture(String loggerName, Level level) {
            logger = (Logger) LoggerFactory.getLogger(loggerName);
            previousLevel = logger.getLevel();
            previousAdditive = logger.isAdditive();
            appender.setContext(logger.getLoggerContext());
            appender.start();
            logger.addAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(false); // captured, not printed
        }

        /** A snapshot of the events logged so far. */
        List<ILoggingEvent> events() {
            synchronized (appender) {
                return List.copyOf(appender.list);
            }
        }

        /** Waits (bounded) until a message matching {@code condition} has been logged. */
        void awaitMessage(java.util.function.Predicate<String> condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            synchronized (appender) {
                while (appender.list.stream().map(ILoggingEvent::getFormattedMessage).noneMatch(condition)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail("no such log message within " + WAIT_SECONDS + " s; logged: " + messages());
                    }
                    TimeUnit.NANOSECONDS.timedWait(appender, left);
                }
            }
        }

        /** The formatted messages logged so far. */
        List<String> messages() {
            return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        /**
         * Waits (bounded) until a message saying {@code fragment} has been logged, and asserts that
         * it is the only one and a WARN: for a test that makes qmp4j warn on purpose.
         *
         * @param fragment what the warning says
         * @throws InterruptedException when interrupted while waiting
         */
        public void awaitOnlyWarning(String fragment) throws InterruptedException {
            awaitMessage(message -> message.contains(fragment));
            List<ILoggingEvent> lines = events();
            assertEquals(1, lines.size(), () -> "logged: " + messages());
            assertEquals(Level.WARN, lines.get(0).getLevel(), () -> "logged: " + messages());
        }

        /** Stops capturing and restores the logger. */
        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
            logger.setLevel(previousLevel);
            logger.setAdditive(previousAdditive);
        }
    }
}
