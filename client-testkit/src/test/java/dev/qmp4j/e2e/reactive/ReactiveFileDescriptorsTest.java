package dev.qmp4j.e2e.reactive;

import static dev.qmp4j.e2e.reactive.ReactiveTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.reactive.ReactiveQmpClient;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.core.types.GetfdArguments;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** executeWithFileDescriptors through the Reactor API: cold, once per subscription. */
@Timeout(60)
class ReactiveFileDescriptorsTest {
    private final ReactiveQmpClient client = ReactiveQmpClient.create(
            QmpClientOptions.builder().fileDescriptorPassing(true).build());
    private QmpSimulator sim;

    @TempDir
    Path temp;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void sendsOnEachSubscriptionOnly() throws Exception {
        AtomicInteger getfds = new AtomicInteger();
        sim = QmpSimulator.builder().handler("getfd", r -> {
            getfds.incrementAndGet();
            return QmpReply.success();
        }).start();
        ReactiveQmpSession session = client.connect(sim.endpoint()).block(WAIT);
        JsonObject args = new JsonObject();
        args.addProperty("fdname", "disk");
        QmpFileDescriptors image = QmpFileDescriptors.open(Files.writeString(temp.resolve("disk.img"), "data"),
                QmpFileDescriptors.Access.READ);
        Mono<?> getfd = session.executeWithFileDescriptors("getfd", args, image);
        Mono<Void> typed = ReactiveQmpCommands.of(session).getfd(GetfdArguments.of("typed"), image);
        session.execute("query-status").block(WAIT); // a round trip: nothing was sent before
        assertEquals(0, getfds.get());
        getfd.block(WAIT);
        getfd.block(WAIT);
        typed.block(WAIT);
        assertEquals(3, getfds.get());
        assertEquals("typed", sim.sessions().get(0).received().stream().filter(c -> c.name().equals("getfd"))
                .reduce((a, b) -> b).map(ReceivedCommand::arguments).orElseThrow().get("fdname").getAsString());
    }

    @Test
    void aRefusalIsAnErrorSignal() {
        sim = QmpSimulator.builder().listenOnTcp().start();
        ReactiveQmpSession session = client.connect(sim.endpoint()).block(WAIT);
        StepVerifier.create(session.executeWithFileDescriptors("getfd", null,
                        QmpFileDescriptors.open(temp.resolve("any.img"), QmpFileDescriptors.Access.READ)))
                .expectErrorSatisfies(e -> assertTrue(e instanceof QmpException
                        && e.getMessage().contains("this is a TCP endpoint; nothing was sent"), e.toString()))
                .verify(WAIT);
    }
}
