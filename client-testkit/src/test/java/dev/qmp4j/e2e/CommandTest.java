package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpErrorClass;
import dev.qmp4j.core.QmpLimitExceededException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands: matching replies to callers (by id, or in order without ids), out-of-band, flow control, timeouts, limits. */
class CommandTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    /** A handler that answers with its own arguments. */
    private static final dev.qmp4j.testkit.QmpCommandHandler ECHO = r -> QmpReply.success(r.arguments());
    /** Holds the in-band queue forever, as a command QEMU never finishes. */
    private static final dev.qmp4j.testkit.QmpCommandHandler HOLD = r -> QmpReply.later(new CompletableFuture<>());

    private QmpClient client = QmpClient.create();
    private QmpSimulator sim;

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    private QmpSession connect(QmpSimulator simulator) throws Exception {
        sim = simulator;
        return await(client.connect(sim.endpoint()));
    }

    private void useClient(QmpClientOptions options) {
        client.close();
        client = QmpClient.create(options);
    }

    private static JsonObject args(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }

    @Test
    void commandReturnsTheServersValue() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        JsonObject status = await(session.execute("query-status")).getAsJsonObject();
        assertEquals("prelaunch", status.get("status").getAsString());
        assertFalse(status.get("running").getAsBoolean());
        assertEquals(new JsonObject(), await(session.execute("cont")));
    }

    @Test
    void manyThreadsEachGetTheirOwnReply() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().handler("echo", ECHO).start());
        SimulatorTesting.onThreads(16, 30, thread -> {
            List<CompletableFuture<JsonElement>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                replies.add(session.execute("echo", args("tag", thread + "/" + i)));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(thread + "/" + i, await(replies.get(i)).getAsJsonObject().get("tag").getAsString());
            }
        });
    }

    @Test
    void largeCommandsFromManyThreadsArriveWholeAndInOrder() throws Exception {
        // Each command is larger than a socket buffer: its caller's write leaves bytes queued for the
        // I/O thread, and other callers' commands must queue behind them, never interleave.
        QmpSession session = connect(QmpSimulator.builder().handler("echo", ECHO).start());
        String padding = "x".repeat(400_000);
        SimulatorTesting.onThreads(8, 60, thread -> {
            List<CompletableFuture<JsonElement>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonObject arguments = args("tag", thread + "/" + i);
                arguments.addProperty("padding", padding);
                replies.add(session.execute("echo", arguments));
            }
            for (int i = 0; i < 4; i++) {
                JsonObject reply = await(replies.get(i)).getAsJsonObject();
                assertEquals(thread + "/" + i, reply.get("tag").getAsString());
                assertEquals(padding, reply.get("padding").getAsString());
            }
        });
    }

    @Test
    void outOfBandReplyOvertakesAnInBandOne() throws Exception {
        CompletableFuture<QmpReply> release = new CompletableFuture<>();
        QmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.later(release))
                .oobHandler("fast", r -> QmpReply.success(new JsonPrimitive("fast")))
                .start());
        CompletableFuture<JsonElement> slow = session.execute("slow");
        CompletableFuture<JsonElement> fast = session.executeOutOfBand("fast", null, FIVE_SECONDS);
        assertEquals("fast", await(fast).getAsString());
        assertFalse(slow.isDone());
        release.complete(QmpReply.success(new JsonPrimitive("slow")));
        assertEquals("slow", await(slow).getAsString());
        assertTrue(sim.awaitSession(FIVE_SECONDS).received().stream().anyMatch(c -> c.outOfBand() && c.name().equals("fast")));
    }

    @Test
    void replyWithoutIdBelongsToTheOldestInBandCommand() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("garbled", r -> QmpReply.error("GenericError", "JSON parse error, expecting value").withoutId())
                .handler("echo", ECHO)
                .start());
        CompletableFuture<JsonElement> garbled = session.execute("garbled");
        CompletableFuture<JsonElement> next = session.execute("echo", args("n", "1"));
        QmpCommandException e = awaitFailure(garbled, QmpCommandException.class);
        assertEquals("garbled", e.command());
        assertEquals("JSON parse error, expecting value", e.description());
        assertEquals("1", await(next).getAsJsonObject().get("n").getAsString());
    }

    @Test
    void withOobAtMostEightInBandCommandsAreOutstanding() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.success(r.arguments()).delayed(Duration.ofMillis(5)))
                .start());
        List<CompletableFuture<JsonElement>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            replies.add(session.execute("slow", args("i", Integer.toString(i))));
        }
        for (int i = 0; i < 60; i++) {
            assertEquals(Integer.toString(i), await(replies.get(i)).getAsJsonObject().get("i").getAsString());
        }
        assertEquals(8, sim.awaitSession(FIVE_SECONDS).maxInBandOutstanding());
    }

    @Test
    void withoutOobCommandsArePipelinedFreely() throws Exception {
        useClient(QmpClientOptions.builder().capabilities(Set.of()).build());
        QmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.success(r.arguments()).delayed(Duration.ofMillis(5)))
                .start());
        List<CompletableFuture<JsonElement>> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(session.execute("slow"));
        }
        for (CompletableFuture<JsonElement> r : replies) {
            await(r);
        }
        assertTrue(sim.awaitSession(FIVE_SECONDS).maxInBandOutstanding() > 8);
    }

    @Test
    void perCallTimeoutAndTheLateReplyIsDropped() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("late", r -> QmpReply.success(new JsonPrimitive("late")).delayed(Duration.ofMillis(500)))
                .handler("echo", ECHO)
                .start());
        QmpTimeoutException e = awaitFailure(session.execute("late", null, Duration.ofMillis(100)), QmpTimeoutException.class);
        assertTrue(e.getMessage().contains("late got no reply within 0.1 s"), e.getMessage());
        // Answered after the late reply (the simulator runs in-band commands in order): gets its own value.
        assertEquals("after", await(session.execute("echo", args("v", "after"))).getAsJsonObject().get("v").getAsString());
    }

    @Test
    void defaultTimeoutComesFromTheOptions() throws Exception {
        useClient(QmpClientOptions.builder().commandTimeout(Duration.ofMillis(200)).build());
        QmpSession session = connect(QmpSimulator.builder()
                .handler("late", r -> QmpReply.success(new JsonPrimitive("late")).delayed(Duration.ofMillis(400)))
                .start());
        awaitFailure(session.execute("late"), QmpTimeoutException.class);
        // Without ids the late reply is taken by the timed-out command's place, not by the next command,
        // which QEMU (like the simulator) answers only after it: it gets time for that.
        assertEquals("prelaunch", await(session.execute("query-status", null, FIVE_SECONDS)).getAsJsonObject()
                .get("status").getAsString());
    }

    @Test
    void aCommandThatTimesOutBeforeItIsSentIsNeverSent() throws Exception {
        QmpSession session = connect(QmpSimulator.builder().handler("hold", HOLD).start());
        for (int i = 0; i < 8; i++) {
            session.execute("hold");
        }
        SimulatedSession server = sim.awaitSession(FIVE_SECONDS);
        server.awaitReceived(9, FIVE_SECONDS);
        QmpTimeoutException e = awaitFailure(session.execute("query-status", null, Duration.ofMillis(200)),
                QmpTimeoutException.class);
        assertTrue(e.getMessage().contains("still waiting to be sent"), e.getMessage());
        assertEquals(9, server.received().size(), "qmp_capabilities and the 8 held commands only");
    }

    @Test
    void pendingCommandLimitFailsFast() throws Exception {
        useClient(QmpClientOptions.builder().maxPendingCommands(4).build());
        QmpSession session = connect(QmpSimulator.builder().handler("hold", HOLD).start());
        for (int i = 0; i < 4; i++) {
            session.execute("hold");
        }
        QmpLimitExceededException e = awaitFailure(session.execute("query-status"), QmpLimitExceededException.class);
        assertTrue(e.getMessage().contains("4 commands already wait"), e.getMessage());
    }

    @Test
    void oversizedCommandFailsFast() throws Exception {
        useClient(QmpClientOptions.builder().maxMessageBytes(1024).build());
        QmpSession session = connect(QmpSimulator.start());
        QmpLimitExceededException e = awaitFailure(session.execute("echo", args("blob", "x".repeat(2000))),
                QmpLimitExceededException.class);
        assertTrue(e.getMessage().contains("maxMessageBytes"), e.getMessage());
    }

    @Test
    void errorClassesKnownAndUnknown() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("missing-device", r -> QmpReply.error("DeviceNotFound", "Device 'x' not found"))
                .handler("brand-new", r -> QmpReply.error("SomeFutureClass", "news"))
                .start());
        QmpCommandException notFound = awaitFailure(session.execute("nope"), QmpCommandException.class);
        assertEquals(QmpErrorClass.COMMAND_NOT_FOUND, notFound.errorClass());
        assertEquals("The command nope has not been found", notFound.description());
        assertEquals(QmpErrorClass.DEVICE_NOT_FOUND, awaitFailure(session.execute("missing-device"),
                QmpCommandException.class).errorClass());
        QmpCommandException unknown = awaitFailure(session.execute("brand-new"), QmpCommandException.class);
        assertEquals(QmpErrorClass.UNKNOWN, unknown.errorClass());
        assertEquals("SomeFutureClass", unknown.rawErrorClass());
        assertEquals("brand-new failed: SomeFutureClass: news", unknown.getMessage());
    }

    @Test
    void cancellingACommandLeavesTheSessionClean() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("slow", r -> QmpReply.success(new JsonPrimitive("slow")).delayed(Duration.ofMillis(200)))
                .start());
        CompletableFuture<JsonElement> slow = session.execute("slow");
        assertTrue(slow.cancel(true));
        assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
    }

    @Test
    void cancellingAFutureOfTheSchemaDoesNotSpoilItForOthers() throws Exception {
        QmpSession session = connect(QmpSimulator.builder()
                .handler("query-qmp-schema", r -> QmpReply.success(new com.google.gson.JsonArray())).start());
        session.schema().cancel(true);
        assertEquals(0, await(session.schema()).size());
        assertEquals(1, sim.awaitSession(FIVE_SECONDS).received().stream()
                .filter(c -> c.name().equals("query-qmp-schema")).count(), "fetched once");
    }

    @Test
    void closingTheClientFromACallbackDoesNotWaitForItself() throws Exception {
        connect(QmpSimulator.start());
        long start = System.nanoTime();
        await(client.connect(sim.endpoint()).thenAccept(s -> client.close()));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    @Test
    void aServerThatStopsReadingCannotMakeTheClientQueueWithoutBound(@TempDir Path dir) throws Exception {
        useClient(QmpClientOptions.builder().maxMessageBytes(256 * 1024).capabilities(Set.of()).build());
        Path socket = dir.resolve("qmp.sock");
        try (QmpListener listener = client.listen(QmpEndpoint.unix(socket))) {
            var accepted = listener.accept();
            try (FakeQemu qemu = FakeQemu.connect(socket)) {
                qemu.negotiate(); // and then never reads again
                QmpSession session = await(accepted);
                String blob = "x".repeat(64 * 1024);
                List<CompletableFuture<JsonElement>> sent = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    sent.add(session.execute("echo", args("blob", blob)));
                }
                QmpLimitExceededException e = awaitFailure(sent.get(39), QmpLimitExceededException.class);
                assertTrue(e.getMessage().contains("not reading"), e.getMessage());
            }
        }
    }

    @Test
    void badCallsAreRejectedClearly() throws Exception {
        QmpSession session = connect(QmpSimulator.start());
        assertThrows(NullPointerException.class, () -> session.execute(null));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> session.execute(" "));
        assertTrue(blank.getMessage().contains("blank"));
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> session.execute("query-status", null, Duration.ZERO));
        assertTrue(timeout.getMessage().contains("positive"));
    }

    @Test
    void byDefaultInBandCommandsCarryNoIdsButTheNegotiationDoes() throws Exception {
        await(connect(QmpSimulator.start()).execute("query-status"));
        List<ReceivedCommand> received = sim.awaitSession(FIVE_SECONDS).received();
        assertEquals(List.of("qmp_capabilities", "query-status"), received.stream().map(ReceivedCommand::name).toList());
        assertTrue(received.get(0).id().isPresent(), received.get(0).toString());
        assertTrue(received.get(1).id().isEmpty(), received.get(1).toString());
    }

    /** With {@code inBandCommandIds(true)}: every reply is matched to its command by id. */
    @Nested
    class WithInBandIds {
        @BeforeEach
        void withIds() {
            useClient(QmpClientOptions.builder().inBandCommandIds(true).build());
        }

        @Test
        void everyCommandCarriesOne() throws Exception {
            await(connect(QmpSimulator.start()).execute("query-status"));
            assertTrue(sim.awaitSession(FIVE_SECONDS).received().stream().allMatch(c -> c.id().isPresent()));
        }

        @Test
        void aCommandTheServerNeverAnswersTimesOutAloneAndTheNextGetsItsOwnReply() throws Exception {
            useClient(QmpClientOptions.builder().inBandCommandIds(true).commandTimeout(Duration.ofMillis(200)).build());
            QmpSession session = connect(QmpSimulator.builder().handler("silent", r -> QmpReply.none()).start());
            awaitFailure(session.execute("silent"), QmpTimeoutException.class);
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
        }

        @Test
        void replyWithAnUnknownIdIsDropped() throws Exception {
            QmpSession session = connect(QmpSimulator.builder()
                    .handler("twice", r -> QmpReply.raw("{\"return\": \"stranger\", \"id\": 987654}\r\n"
                            + "{\"return\": \"mine\", \"id\": " + r.id().orElseThrow() + "}\r\n"))
                    .start());
            try (SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
                assertEquals("mine", await(session.execute("twice")).getAsString());
                assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
                log.awaitOnlyWarning("987654"); // logged at WARN, as the README says
            }
        }

        @Test
        void commandDroppedEventFailsThatCommand() throws Exception {
            QmpSession session = connect(QmpSimulator.builder()
                    .handler("dropme", r -> {
                        JsonObject data = new JsonObject();
                        data.add("id", r.id().orElseThrow());
                        data.addProperty("reason", "queue-full");
                        r.session().pushEvent(SimulatedEvent.of("COMMAND_DROPPED", data));
                        return QmpReply.none();
                    })
                    .start());
            QmpCommandException e = awaitFailure(session.execute("dropme"), QmpCommandException.class);
            assertEquals("COMMAND_DROPPED", e.rawErrorClass());
            assertTrue(e.description().contains("queue-full"), e.description());
        }
    }

    /** In-band commands without ids ({@code inBandCommandIds(false)}): replies found by QEMU's order. */
    @Nested
    class WithoutInBandIds {
        @BeforeEach
        void withoutIds() {
            useClient(QmpClientOptions.builder().inBandCommandIds(false).build());
        }

        @Test
        void inBandCommandsGoWithoutIdOutOfBandOnesWithOne() throws Exception {
            QmpSession session = connect(QmpSimulator.builder().oobHandler("fast", ECHO).start());
            await(session.execute("query-status"));
            await(session.executeOutOfBand("fast", null, FIVE_SECONDS));
            List<ReceivedCommand> received = sim.awaitSession(FIVE_SECONDS).received();
            ReceivedCommand status = received.stream().filter(c -> c.name().equals("query-status")).findFirst().orElseThrow();
            ReceivedCommand fast = received.stream().filter(c -> c.name().equals("fast")).findFirst().orElseThrow();
            assertTrue(status.id().isEmpty(), status.toString());
            assertTrue(fast.id().isPresent(), fast.toString());
            // The negotiation is one command, alone on the wire: it keeps its id.
            assertTrue(received.get(0).id().isPresent(), received.get(0).toString());
        }

        @Test
        void manyThreadsEachGetTheirOwnReplyWhileOutOfBandOnesOvertake() throws Exception {
            QmpSession session = connect(QmpSimulator.builder()
                    .handler("echo", ECHO)
                    .handler("fail", r -> QmpReply.error("GenericError", r.arguments().get("tag").getAsString()))
                    .oobHandler("fast", ECHO)
                    .start());
            SimulatorTesting.onThreads(8, 60, thread -> {
                List<CompletableFuture<JsonElement>> replies = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String tag = thread + "/" + i;
                    replies.add(session.execute(i % 3 == 0 ? "fail" : "echo", args("tag", tag)));
                    if (i % 10 == 0) {
                        replies.add(session.executeOutOfBand("fast", args("tag", "oob " + tag), FIVE_SECONDS));
                    }
                }
                int n = 0;
                for (int i = 0; i < 200; i++) {
                    String tag = thread + "/" + i;
                    if (i % 3 == 0) {
                        assertEquals(tag, awaitFailure(replies.get(n++), QmpCommandException.class).description());
                    } else {
                        assertEquals(tag, await(replies.get(n++)).getAsJsonObject().get("tag").getAsString());
                    }
                    if (i % 10 == 0) {
                        assertEquals("oob " + tag, await(replies.get(n++)).getAsJsonObject().get("tag").getAsString());
                    }
                }
            });
        }

        @Test
        void anOutOfBandReplyOvertakesHeldInBandOnes() throws Exception {
            CompletableFuture<QmpReply> release = new CompletableFuture<>();
            QmpSession session = connect(QmpSimulator.builder()
                    .handler("slow", r -> QmpReply.later(release))
                    .handler("echo", ECHO)
                    .oobHandler("fast", r -> QmpReply.success(new JsonPrimitive("fast")))
                    .start());
            CompletableFuture<JsonElement> slow = session.execute("slow");
            CompletableFuture<JsonElement> after = session.execute("echo", args("n", "after"));
            assertEquals("fast", await(session.executeOutOfBand("fast", null, FIVE_SECONDS)).getAsString());
            assertFalse(slow.isDone() || after.isDone());
            release.complete(QmpReply.success(new JsonPrimitive("slow")));
            assertEquals("slow", await(slow).getAsString());
            assertEquals("after", await(after).getAsJsonObject().get("n").getAsString());
        }

        @Test
        void aTimedOutCommandKeepsItsPlaceSoTheNextGetsItsOwnReply() throws Exception {
            QmpSession session = connect(QmpSimulator.builder()
                    .handler("late", r -> QmpReply.success(new JsonPrimitive("late")).delayed(Duration.ofMillis(500)))
                    .handler("echo", ECHO)
                    .start());
            awaitFailure(session.execute("late", null, Duration.ofMillis(100)), QmpTimeoutException.class);
            // Sent while the late one still runs: its reply comes second, and the late one's is dropped.
            assertEquals("after", await(session.execute("echo", args("v", "after"))).getAsJsonObject().get("v").getAsString());
            assertEquals("again", await(session.execute("echo", args("v", "again"))).getAsJsonObject().get("v").getAsString());
        }

        @Test
        void aReplyWithAnIdIsNeverTakenForAnInBandCommandSentWithout() throws Exception {
            QmpSession session = connect(QmpSimulator.builder()
                    .handler("numbered", r -> QmpReply.raw("{\"return\": \"stranger\", \"id\": 2}\r\n{\"return\": \"mine\"}\r\n"))
                    .start());
            try (SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN)) {
                assertEquals("mine", await(session.execute("numbered")).getAsString());
                log.awaitOnlyWarning("stranger");
            }
        }

        @Test
        void argumentsQemuWouldSplitIntoSeveralErrorsAreRefusedUnsent() throws Exception {
            QmpSession session = connect(QmpSimulator.start());
            JsonObject nan = new JsonObject();
            nan.addProperty("value", Double.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute("qom-set", nan));
            assertTrue(e.getMessage().contains("NaN, which is not a JSON number"), e.getMessage());
            assertEquals("prelaunch", await(session.execute("query-status")).getAsJsonObject().get("status").getAsString());
            assertTrue(sim.awaitSession(FIVE_SECONDS).received().stream().noneMatch(c -> c.name().equals("qom-set")));
        }
    }
}
