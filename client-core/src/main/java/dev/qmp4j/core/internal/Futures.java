package dev.qmp4j.core.internal;

import java.util.concurrent.CompletableFuture;

/** Futures handed to callers. */
public final class Futures {
    private Futures() {
    }

    /**
     * A new future that completes as {@code source} does: the caller's own, so that cancelling or
     * completing it changes nothing for the others. Unlike {@code copy()}, it fails with the cause
     * itself rather than a {@link java.util.concurrent.CompletionException} around it.
     *
     * @param source the shared future
     * @param <T> the value's type
     * @return a future that follows it
     */
    public static <T> CompletableFuture<T> follow(CompletableFuture<T> source) {
        CompletableFuture<T> view = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            if (failure == null) {
                view.complete(value);
            } else {
                view.completeExceptionally(failure);
            }
        });
        return view;
    }
}
