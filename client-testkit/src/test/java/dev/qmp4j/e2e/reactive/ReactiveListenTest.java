package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.runUnchecked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.e2e.FakeQemu;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpListener;
import dev.qmp4j.reactive.ReactiveQmpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Listening through the Reactor API: QEMU connects to the client ({@code -qmp unix:PATH}). */
@Timeout(60)
class ReactiveListenTest {
    private final ReactiveQmpClient client = ReactiveQmpClient.create();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void bindsOnSubscriptionAndAcceptsASessionInCommandMode() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        Mono<ReactiveQmpListener> listen = client.listen(QmpEndpoint.unix(socket));
        assertFalse(Files.exists(socket), "nothing is bound before subscription");
        try (ReactiveQmpListener listener = listen.block(WAIT)) {
            assertTrue(Files.exists(socket));
            assertEquals(QmpEndpoint.unix(socket), listener.endpoint());
            CompletableFuture<ReactiveQmpSession> accepted = listener.accept().toFuture();
            try (FakeQemu qemu = FakeQemu.connect(socket)) {
                qemu.negotiate();
                ReactiveQmpSession session = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(QmpSessionState.READY, session.state());
                assertEquals(7, session.greeting().version().major());
                CompletableFuture<?> cont = session.execute("cont").toFuture();
                assertEquals("cont", qemu.answer().get("execute").getAsString());
                cont.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                StepVerifier.create(session.whenClosed()).then(session::close).expectComplete().verify(WAIT);
                qemu.awaitEndOfStream();
            }
        }
        assertFalse(Files.exists(socket), "closing the listener removes its socket file");
    }

    @Test
    void eachAcceptSubscriptionTakesOneConnection() throws Exception {
        try (ReactiveQmpListener listener = client.listen(QmpEndpoint.tcp("127.0.0.1", 0)).block(WAIT)) {
            Mono<ReactiveQmpSession> accept = listener.accept();
            for (int i = 0; i < 2; i++) {
                assertAcceptsOne(accept, listener.endpoint());
            }
        }
    }

    @Test
    void aCancelledAcceptTakesNoConnection() throws Exception {
        try (ReactiveQmpListener listener = client.listen(QmpEndpoint.unix(dir.resolve("qmp.sock"))).block(WAIT)) {
            Disposable given = listener.accept().subscribe();
            given.dispose();
            // The cancelled accept came first: had it still waited, it would have taken the connection.
            assertAcceptsOne(listener.accept(), listener.endpoint());
        }
    }

    /** Subscribes to {@code accept}, connects as QEMU and checks that the session reaches command mode. */
    private static void assertAcceptsOne(Mono<ReactiveQmpSession> accept, QmpEndpoint endpoint) throws Exception {
        CompletableFuture<ReactiveQmpSession> accepted = accept.toFuture();
        try (FakeQemu qemu = FakeQemu.connect(endpoint.socketAddress())) {
            qemu.negotiate();
            ReactiveQmpSession session = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(QmpSessionState.READY, session.state());
            session.close();
        }
    }

    @Test
    void cancelDuringTheNegotiationClosesTheConnection() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ReactiveQmpListener listener = client.listen(QmpEndpoint.unix(socket)).block(WAIT);
             FakeQemu qemu = FakeQemu.connect(socket)) {
            StepVerifier.create(listener.accept())
                    .expectSubscription()
                    .then(() -> runUnchecked(qemu::greet))
                    .then(() -> runUnchecked(qemu::receive)) // qmp_capabilities, never answered
                    .thenCancel()
                    .verify(WAIT);
            qemu.awaitEndOfStream();
        }
    }

    @Test
    void closingTheListenerEndsWaitingAndLaterAccepts() {
        Path socket = dir.resolve("qmp.sock");
        ReactiveQmpListener listener = client.listen(QmpEndpoint.unix(socket)).block(WAIT);
        StepVerifier.create(listener.accept())
                .expectSubscription()
                .then(listener::close)
                .expectError(QmpClosedException.class)
                .verify(WAIT);
        StepVerifier.create(listener.accept()).expectError(QmpClosedException.class).verify(WAIT);
        assertFalse(Files.exists(socket));
    }

    @Test
    @SuppressWarnings("try") // the resource is there to be closed, not used
    void aSocketThatCannotBeBoundIsAnError() {
        Path socket = dir.resolve("qmp.sock");
        Mono<ReactiveQmpListener> listen = client.listen(QmpEndpoint.unix(socket));
        try (ReactiveQmpListener first = listen.block(WAIT)) {
            StepVerifier.create(listen) // a second subscription binds again: the path is taken
                    .expectErrorSatisfies(e -> {
                        assertTrue(e instanceof QmpConnectionException, e.toString());
                        assertTrue(e.getMessage().startsWith("cannot listen on unix:"), e.getMessage());
                    })
                    .verify(WAIT);
            assertTrue(Files.exists(socket), "the first listener still holds its socket");
        }
    }

    @Test
    void listeningAfterTheClientClosedIsAnError() {
        client.close();
        StepVerifier.create(client.listen(QmpEndpoint.unix(dir.resolve("qmp.sock"))))
                .expectError(QmpClosedException.class)
                .verify(WAIT);
    }
}
