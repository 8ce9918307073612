package dev.qmp4j.e2e;

import dev.qmp4j.core.*;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waiting on futures in tests: bounded, so a bug fails the test instead of hanging it. */
final class TestFutures {
    static final long WAIT_SECONDS = 10;

    private TestFutures() {
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for the future to fail and returns its cause, checked to be of {@code type}. */
    static <X extends Throwable> X failure(CompletableFuture<?> future, Class<X> type) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause());
    }
}
