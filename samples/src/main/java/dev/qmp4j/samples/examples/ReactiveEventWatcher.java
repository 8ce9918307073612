package dev.qmp4j.samples.examples;

import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.nio.file.Path;
import reactor.core.publisher.Flux;

/**
 * Prints QEMU's events as they come, with the reactive API: {@code subscribe()} is a hot
 * {@code Flux} that starts at subscription and errors when the connection ends.
 *
 * <p>Run it with the path of a QMP UNIX socket and, optionally, how many events to wait for;
 * it stops after that many events or when QEMU closes the connection (for example on
 * {@code quit}).
 */
public final class ReactiveEventWatcher {
    private ReactiveEventWatcher() {
    }

    /**
     * Runs the example.
     *
     * @param args the QMP socket path, then optionally the number of events (default: no limit)
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ReactiveEventWatcher QMP-SOCKET [EVENTS]");
            System.exit(2);
        }
        long limit = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        // README-BEGIN reactive-connect
        try (ReactiveQmpClient client = ReactiveQmpClient.create()) {
            client.connect(QmpEndpoint.unix(Path.of(args[0])))
                    .flatMapMany(session -> watch(session, limit).doFinally(signal -> session.close()))
                    .doOnNext(System.out::println)
                    .blockLast();                            // until the limit or the end of the connection
        }
        // README-END reactive-connect
    }

    /**
     * The session's events as lines of text, until {@code limit} events or the end of the
     * connection, which is the last line.
     *
     * @param session the session to watch
     * @param limit how many events to take at most
     * @return a hot Flux: events that come before it is subscribed are not in it
     */
    public static Flux<String> watch(ReactiveQmpSession session, long limit) {
        // README-BEGIN reactive-events
        return session.subscribe()                               // every event, from subscription on
                .take(limit)
                .map(ReactiveEventWatcher::describe)             // SHUTDOWN {"guest":false,...}
                .onErrorResume(QmpConnectionException.class,     // QEMU closed the connection
                        e -> Flux.just("connection closed: " + e.getMessage()));
        // README-END reactive-events
    }

    /**
     * One event as a line: time, name, data.
     *
     * @param event the event
     * @return for example {@code 2024-05-01T10:00:00.123456Z STOP {}}
     */
    public static String describe(QmpEvent event) {
        String time = event.timestamp().toInstant().map(Object::toString).orElse("-");
        return time + " " + event.name() + " " + event.data();
    }
}
