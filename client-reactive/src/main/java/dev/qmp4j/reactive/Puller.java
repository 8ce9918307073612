package dev.qmp4j.reactive;

import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClosedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.FluxSink;

/**
 * Moves items from one core subscription ({@link EventSubscription}, {@link ConnectionChanges}) to
 * one Flux subscriber, pulling only as the subscriber requests: at most one {@code next()} is
 * outstanding, and only while there is demand, so items wait in the subscription's bounded buffer
 * and nowhere else.
 *
 * <p>All signals are sent from {@link #drain()}, which one thread at a time runs (the usual
 * work-in-progress counter); a next() that completes while another thread drains only makes that
 * thread loop once more. So signals are serialized, and buffered items are handed out in a loop
 * rather than by recursion.
 */
final class Puller<T> {
    private final Supplier<CompletableFuture<T>> next;
    private final FluxSink<T> sink;
    private final AtomicInteger wip = new AtomicInteger();
    /** The outstanding next(), or null when none; read and written only inside drain(). */
    private CompletableFuture<T> inFlight;
    /** Set once a terminal signal was sent or the subscriber cancelled; only inside drain(). */
    private boolean done;

    private Puller(Supplier<CompletableFuture<T>> next, FluxSink<T> sink) {
        this.next = next;
        this.sink = sink;
    }

    /**
     * Wires a new subscription to a sink: demand pulls, the end of the Flux closes the subscription.
     *
     * @param next the subscription's {@code next()}
     * @param close the subscription's {@code close()}
     */
    static <T> void start(Supplier<CompletableFuture<T>> next, Runnable close, FluxSink<T> sink) {
        Puller<T> puller = new Puller<>(next, sink);
        // Closing fails an outstanding next() with QmpClosedException, which runs drain(); the
        // sink is cancelled by then, so nothing more is signalled. Idempotent after a normal end.
        sink.onDispose(close::run);
        sink.onRequest(n -> puller.drain());
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (!done) {
                if (sink.isCancelled()) {
                    done = true;
                    break;
                }
                CompletableFuture<T> pulled = inFlight;
                if (pulled == null) {
                    if (sink.requestedFromDownstream() == 0) {
                        break;
                    }
                    pulled = next.get();
                    inFlight = pulled;
                    if (!pulled.isDone()) {
                        // Completing on another thread re-enters drain(); completing right now
                        // (before whenComplete attached) only bumps wip, and this loop runs again.
                        pulled.whenComplete((item, error) -> drain());
                        break;
                    }
                } else if (!pulled.isDone()) {
                    break;
                }
                inFlight = null;
                signal(pulled);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Passes on the outcome of a completed next(). */
    private void signal(CompletableFuture<T> completed) {
        T item;
        try {
            item = completed.join();
        } catch (CompletionException | CancellationException e) {
            done = true;
            Throwable reason = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (reason instanceof QmpClosedException) {
                sink.complete(); // the session (or this subscription) was closed on purpose
            } else {
                sink.error(reason); // connection lost, protocol error or FAIL overflow
            }
            return;
        }
        sink.next(item);
    }
}
