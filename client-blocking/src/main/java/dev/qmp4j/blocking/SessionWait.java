package dev.qmp4j.blocking;

import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.Durations;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a session the core is opening (connect or accept), without leaking one given up. */
final class SessionWait {
    private SessionWait() {
    }

    /**
     * The session once in command mode, waiting at most {@code waitNanos}. On timeout or interrupt
     * the attempt is abandoned: a session that reaches command mode afterwards is closed at once.
     *
     * @param action names the attempt, such as "connecting to unix:/run/vm1.qmp"
     * @param what names what is awaited, such as "command mode on unix:/run/vm1.qmp"
     */
    static BlockingQmpSession await(CompletableFuture<QmpSession> opening, long waitNanos, String action,
            String what) {
        try {
            return BlockingQmpSession.of(opening.get(waitNanos, TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            throw Await.unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new QmpException(action + " was cancelled", e);
        } catch (TimeoutException e) {
            abandon(opening);
            throw new QmpTimeoutException("no " + what + " within " + Durations.text(Duration.ofNanos(waitNanos)));
        } catch (InterruptedException e) {
            abandon(opening);
            throw Await.interrupted(what, e);
        }
    }

    /**
     * Nobody takes the session any more: cancelling stops the attempt and closes its socket; a
     * session that completed just before the cancel is closed here.
     */
    private static void abandon(CompletableFuture<QmpSession> opening) {
        if (!opening.cancel(false)) {
            opening.thenAccept(QmpSession::close);
        }
    }
}
