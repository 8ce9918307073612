package dev.qmp4j.reactive;

import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpEvent;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.FluxSink;

/**
 * Moves events from one core {@link EventSubscription} to one Flux subscriber, pulling only as
 * the subscriber requests: at most one {@link EventSubscription#next()} is outstanding, and only
 * while there is demand, so events wait in the subscription's bounded buffer and nowhere else.
 *
 * <p>All signals are sent from {@link #drain()}, which one thread at a time runs (the usual
 * work-in-progress counter); a next() that completes while another thread drains only makes that
 * thread loop once more. So signals are serialized, and buffered events are handed out in a loop
 * rather than by recursion.
 */
final class EventPuller {
    private final EventSubscription subscription;
    private final FluxSink<QmpEvent> sink;
    private final AtomicInteger wip = new AtomicInteger();
    /** The outstanding next(), or null when none; read and written only inside drain(). */
    private CompletableFuture<QmpEvent> inFlight;
    /** Set once a terminal signal was sent or the subscriber cancelled; only inside drain(). */
    private boolean done;

    private EventPuller(EventSubscription subscription, FluxSink<QmpEvent> sink) {
        this.subscription = subscription;
        this.sink = sink;
    }

    /** Wires a new subscription to a sink: demand pulls, the end of the Flux closes the subscription. */
    static void start(EventSubscription subscription, FluxSink<QmpEvent> sink) {
        EventPuller puller = new EventPuller(subscription, sink);
        // Closing fails an outstanding next() with QmpClosedException, which runs drain(); the
        // sink is cancelled by then, so nothing more is signalled. Idempotent after a normal end.
        sink.onDispose(subscription::close);
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
                CompletableFuture<QmpEvent> next = inFlight;
                if (next == null) {
                    if (sink.requestedFromDownstream() == 0) {
                        break;
                    }
                    next = subscription.next();
                    inFlight = next;
                    if (!next.isDone()) {
                        // Completing on another thread re-enters drain(); completing right now
                        // (before whenComplete attached) only bumps wip, and this loop runs again.
                        next.whenComplete((event, error) -> drain());
                        break;
                    }
                } else if (!next.isDone()) {
                    break;
                }
                inFlight = null;
                signal(next);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Passes on the outcome of a completed next(). */
    private void signal(CompletableFuture<QmpEvent> completed) {
        QmpEvent event;
        try {
            event = completed.join();
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
        sink.next(event);
    }
}
