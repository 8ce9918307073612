package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static dev.qmp4j.e2e.reactive.ReactiveTesting.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpErrorClass;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpCommandHandler;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Commands through the Reactor API: cold Monos, cancellation, errors and timeouts. */
@Timeout(60)
class ReactiveCommandTest {
    /** A handler that answers with its own arguments. */
    private static final QmpCommandHandler ECHO = r -> QmpReply.success(r.arguments());

    private final ReactiveQmpClient client = ReactiveQmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    private ReactiveQmpSession connect(QmpSimulator simulator) {
        sim = simulator;
        return client.connect(sim.endpoint()).block(WAIT);
    }

    private static List<String> names(List<ReceivedCommand> received) {
        return received.stream().map(ReceivedCommand::name).toList();
    }

    @Test
    void commandReturnsTheServersValue() {
        ReactiveQmpSession session = connect(QmpSimulator.start());
        StepVerifier.create(session.execute("query-status"))
                .assertNext(v -> assertEquals("prelaunch", v.getAsJsonObject().get("status").getAsString()))
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(session.execute("cont", new JsonObject(), WAIT))
                .expectNext(new JsonObject())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void nothingIsSentBeforeSubscriptionAndEachSubscriptionSendsAgain() {
        ReactiveQmpSession session = connect(QmpSimulator.builder().handler("echo", ECHO).start());
        SimulatedSession server = sim.awaitSession(WAIT);
        JsonObject arguments = args("tag", "first");
        Mono<JsonElement> echo = session.execute("echo", arguments);
        arguments.addProperty("tag", "changed"); // the Mono copied the arguments when it was made

        // In-band commands are answered in order: once query-status is answered, an eagerly sent echo would show.
        StepVerifier.create(session.execute("query-status")).expectNextCount(1).expectComplete().verify(WAIT);
        assertEquals(List.of("qmp_capabilities", "query-status"), names(server.received()));

        for (int i = 0; i < 2; i++) {
            StepVerifier.create(echo)
                    .assertNext(v -> assertEquals("first", v.getAsJsonObject().get("tag").getAsString()))
                    .expectComplete()
                    .verify(WAIT);
        }
        assertEquals(List.of("qmp_capabilities", "query-status", "echo", "echo"), names(server.received()));
    }

    @Test
    void cancelBeforeTheReplyLeavesTheSessionClean() {
        ReactiveQmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.success(new JsonPrimitive("slow")).delayed(Duration.ofMillis(300)))
                .handler("echo", ECHO)
                .start());
        SimulatedSession server = sim.awaitSession(WAIT);
        StepVerifier.create(session.execute("slow"))
                .expectSubscription()
                .then(() -> server.awaitReceived(2, WAIT)) // sent: the reply is still on its way
                .thenCancel()
                .verify(WAIT);

        // Answered after the dropped late reply of "slow" (in-band order): gets its own value.
        StepVerifier.create(session.execute("echo", args("v", "after")))
                .assertNext(v -> assertEquals("after", v.getAsJsonObject().get("v").getAsString()))
                .expectComplete()
                .verify(WAIT);
        assertEquals(QmpSessionState.READY, session.state());
    }

    @Test
    void aCommandCancelledBeforeItWasWrittenIsNeverSent() {
        CompletableFuture<QmpReply> release = new CompletableFuture<>();
        ReactiveQmpSession session = connect(QmpSimulator.builder()
                .handler("hold", r -> QmpReply.later(release))
                .handler("echo", ECHO)
                .start());
        SimulatedSession server = sim.awaitSession(WAIT);
        // With oob, 8 in-band commands at the server are the most: a ninth waits in the client.
        List<CompletableFuture<JsonElement>> held = IntStream.range(0, 8)
                .mapToObj(i -> session.execute("hold").toFuture()).toList();
        server.awaitReceived(9, WAIT);
        StepVerifier.create(session.execute("echo", args("v", "never")))
                .expectSubscription()
                .thenCancel()
                .verify(WAIT);

        release.complete(QmpReply.success());
        held.forEach(CompletableFuture::join);
        StepVerifier.create(session.execute("query-status")).expectNextCount(1).expectComplete().verify(WAIT);
        assertTrue(names(server.received()).stream().noneMatch("echo"::equals), names(server.received())::toString);
    }

    @Test
    void commandErrorIsAQmpCommandException() {
        ReactiveQmpSession session = connect(QmpSimulator.builder()
                .handler("device_del", r -> QmpReply.error("DeviceNotFound", "Device 'x' not found"))
                .start());
        StepVerifier.create(session.execute("device_del", args("id", "x")))
                .expectErrorSatisfies(e -> {
                    QmpCommandException c = (QmpCommandException) e;
                    assertEquals("device_del", c.command());
                    assertEquals(QmpErrorClass.DEVICE_NOT_FOUND, c.errorClass());
                    assertEquals("Device 'x' not found", c.description());
                })
                .verify(WAIT);
    }

    @Test
    void noReplyInTimeIsAQmpTimeoutException() {
        ReactiveQmpSession session = connect(QmpSimulator.builder()
                .handler("late", r -> QmpReply.success(new JsonPrimitive("late")).delayed(Duration.ofMillis(500)))
                .start());
        StepVerifier.create(session.execute("late", null, Duration.ofMillis(100)))
                .expectErrorSatisfies(e -> assertTrue(e instanceof QmpTimeoutException
                        && e.getMessage().contains("late got no reply within 0.1 s"), e::toString))
                .verify(WAIT);
    }

    @Test
    void outOfBandCommandOvertakesAnInBandOne() {
        CompletableFuture<QmpReply> release = new CompletableFuture<>();
        ReactiveQmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.later(release))
                .oobHandler("fast", r -> QmpReply.success(new JsonPrimitive("fast")))
                .start());
        CompletableFuture<JsonElement> slow = session.execute("slow").toFuture();
        StepVerifier.create(session.executeOutOfBand("fast", null, WAIT))
                .expectNext(new JsonPrimitive("fast"))
                .expectComplete()
                .verify(WAIT);
        release.complete(QmpReply.success(new JsonPrimitive("slow")));
        assertEquals("slow", slow.join().getAsString());
    }

    @Test
    void outOfBandWithoutOobIsAnError() {
        client.close();
        try (ReactiveQmpClient noOob = ReactiveQmpClient.create(
                QmpClientOptions.builder().capabilities(Set.of()).build())) {
            sim = QmpSimulator.start();
            ReactiveQmpSession session = noOob.connect(sim.endpoint()).block(WAIT);
            StepVerifier.create(session.executeOutOfBand("query-yank", null, WAIT))
                    .expectErrorSatisfies(e -> assertTrue(e instanceof QmpException
                            && e.getMessage().contains("'oob' capability was not negotiated"), e::toString))
                    .verify(WAIT);
        }
    }
}
