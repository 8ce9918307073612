package dev.qmp4j.samples.examples;

import dev.qmp4j.core.DisconnectedCalls;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.ReconnectOptions;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Watches a QEMU that may be restarted, with the reactive API: the session reconnects whenever
 * the connection is lost, and one event subscription sees the events of every QEMU in turn,
 * between the lines that say when the connection was lost and when it was back.
 *
 * <p>Run it with the path of a QMP UNIX socket ({@code -qmp unix:PATH,server=on,wait=off}); it
 * goes on until interrupted, whether QEMU is killed, quits or is started again on that path.
 */
public final class ReconnectingWatcher {
    private ReconnectingWatcher() {
    }

    /**
     * The client options of the example: reconnection on.
     *
     * @return the options
     */
    public static QmpClientOptions options() {
        // README-BEGIN reconnect-options
        return QmpClientOptions.builder()
                .reconnect(ReconnectOptions.builder()                 // off unless asked for
                        .initialDelay(Duration.ofMillis(100))        // then 200 ms, 400 ms, ... (minus up to 20% jitter)
                        .maxDelay(Duration.ofSeconds(5))
                        .disconnectedCalls(DisconnectedCalls.WAIT)  // calls made in a gap wait for the next connection
                        .build())
                .build();
        // README-END reconnect-options
    }

    /**
     * Runs the example.
     *
     * @param args the QMP socket path
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ReconnectingWatcher QMP-SOCKET");
            System.exit(2);
        }
        try (ReactiveQmpClient client = ReactiveQmpClient.create(options())) {
            client.connect(QmpEndpoint.unix(Path.of(args[0])))
                    .flatMapMany(session -> watch(session, Long.MAX_VALUE).doFinally(signal -> session.close()))
                    .doOnNext(System.out::println)
                    .blockLast();
        }
    }

    /**
     * The session's connection changes and events as lines of text, up to {@code limit} of them.
     *
     * @param session a reconnecting session
     * @param limit how many lines at most
     * @return the lines
     */
    public static Flux<String> watch(ReactiveQmpSession session, long limit) {
        // README-BEGIN reconnect-watch
        return Flux.merge(
                session.connectionChanges()                      // CONNECTED to QEMU 7.2.22, DISCONNECTED: why,
                        .map(change -> "-- " + change),         // RECONNECTED to QEMU 10.0.2 after 2 attempts, ...
                session.subscribe()                              // one subscription, across every connection
                        .map(event -> event.name() + " " + event.data()))
                .take(limit);
        // README-END reconnect-watch
    }
}
