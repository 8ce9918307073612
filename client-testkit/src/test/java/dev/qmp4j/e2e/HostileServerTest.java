package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpEventOverflowException;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.testkit.QmpSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken server sends, byte for byte from a raw socket ({@link FakeQemu}): it
 * ends its own session at worst, never the I/O thread that carries the client's other sessions,
 * never a caller's wait. A bystander session on the same client, served by the simulator, must
 * still answer afterwards, and a new connection must still work.
 */
@Timeout(60)
class HostileServerTest {
    private static final String TIMESTAMP = "\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 1}";

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private QmpClient client = QmpClient.create();
    private QmpSimulator simulator;
    private QmpSession bystander;
    /** qmp4j's warnings about what these servers send: asserted where expected, never printed. */
    private final SimulatorTesting.LogCapture log = new SimulatorTesting.LogCapture("dev.qmp4j", Level.WARN);

    @BeforeEach
    void connectBystander() throws Exception {
        simulator = QmpSimulator.start();
        bystander = await(client.connect(simulator.endpoint()));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        client.close();
        simulator.close();
        log.close();
    }

    /** A session whose server is a raw socket the test writes, in command mode. */
    private record Victim(QmpSession session, FakeQemu qemu) {
    }

    private Victim victim() throws Exception {
        return victim(client);
    }

    /** A victim of a client whose in-band commands carry ids, for what only ids let a client notice. */
    private Victim victimWithIds() throws Exception {
        QmpClient withIds = QmpClient.create(QmpClientOptions.builder().inBandCommandIds(true).build());
        toClose.add(withIds);
        return victim(withIds);
    }

    private Victim victim(QmpClient of) throws Exception {
        FakeQemu[] qemu = new FakeQemu[1];
        CompletableFuture<QmpSession> accepted = acceptFrom(of, greeted -> {
            greeted.negotiate();
            qemu[0] = greeted;
        });
        return new Victim(await(accepted), qemu[0]);
    }

    /** Listens on a fresh socket, lets a raw server connect and run {@code script}, and returns the accept. */
    private CompletableFuture<QmpSession> acceptFrom(Script script) throws Exception {
        return acceptFrom(client, script);
    }

    private CompletableFuture<QmpSession> acceptFrom(QmpClient of, Script script) throws Exception {
        Path socket = dir.resolve("qmp-" + toClose.size() + ".sock");
        QmpListener listener = of.listen(QmpEndpoint.unix(socket));
        toClose.add(listener);
        CompletableFuture<QmpSession> accepted = listener.accept();
        FakeQemu qemu = FakeQemu.connect(socket);
        toClose.add(qemu);
        script.run(qemu);
        return accepted;
    }

    private interface Script {
        void run(FakeQemu qemu) throws Exception;
    }

    /** The other sessions of the client live on, and the client still connects. */
    private void assertTheClientStillServesOthers() throws Exception {
        assertEquals("prelaunch", status(bystander));
        try (QmpSession fresh = await(client.connect(simulator.endpoint()))) {
            assertEquals("prelaunch", status(fresh));
        }
    }

    private static String status(QmpSession session) throws Exception {
        return await(session.execute("query-status")).getAsJsonObject().get("status").getAsString();
    }

    /** A JSON value {@code depth} arrays deep. */
    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static void assertNamesTheDepthLimit(Throwable e) {
        assertTrue(e.getMessage().contains("nests deeper than 1024 levels"), e.getMessage());
    }

    // ---- nesting ----

    @ParameterizedTest
    @ValueSource(ints = {4_000, 100_000})
    void aDeeplyNestedEventEndsOnlyItsSession(int depth) throws Exception {
        Victim victim = victim();
        var events = victim.session().subscribe();
        victim.qemu().send("{\"event\": \"DEEP\", \"data\": {\"x\": " + nested(depth) + "}, " + TIMESTAMP + "}\r\n");

        QmpProtocolException e = awaitFailure(victim.session().whenClosed(), QmpProtocolException.class);
        assertNamesTheDepthLimit(e);
        assertSame(e, awaitFailure(events.next(), QmpProtocolException.class));
        assertTheClientStillServesOthers();
    }

    @ParameterizedTest
    @ValueSource(ints = {4_000, 100_000})
    void aDeeplyNestedGreetingFailsOnlyItsConnect(int depth) throws Exception {
        CompletableFuture<QmpSession> accepted = acceptFrom(qemu -> qemu.send("{\"QMP\": {\"version\": {\"qemu\": "
                + "{\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": [], \"x\": "
                + nested(depth) + "}}\r\n"));

        assertNamesTheDepthLimit(awaitFailure(accepted, QmpProtocolException.class));
        assertTheClientStillServesOthers();
    }

    @ParameterizedTest
    @ValueSource(ints = {4_000, 100_000})
    void aDeeplyNestedReplyFailsItsCommandInsteadOfReachingTheCaller(int depth) throws Exception {
        Victim victim = victim();
        CompletableFuture<JsonElement> reply = victim.session().execute("query-status");
        JsonObject command = victim.qemu().receive();
        victim.qemu().send("{\"return\": " + nested(depth) + FakeQemu.idMember(command) + "}\r\n");

        assertNamesTheDepthLimit(awaitFailure(reply, QmpProtocolException.class));
        awaitFailure(victim.session().whenClosed(), QmpProtocolException.class);
        assertEquals(QmpSessionState.CLOSED, victim.session().state());
        assertTheClientStillServesOthers();
    }

    @Test
    void nestingUpToQemusOwnLimitIsDelivered() throws Exception {
        Victim victim = victim();
        CompletableFuture<JsonElement> deepest = victim.session().execute("deepest");
        JsonObject command = victim.qemu().receive();
        // The reply object is one level, its value the other 1023: 1024 in all.
        victim.qemu().send("{\"return\": " + nested(1023) + FakeQemu.idMember(command) + "}\r\n");
        JsonElement value = await(deepest);
        assertEquals(nested(1023), value.toString(), "the caller can print what it got");

        CompletableFuture<JsonElement> tooDeep = victim.session().execute("too-deep");
        command = victim.qemu().receive();
        victim.qemu().send("{\"return\": " + nested(1024) + FakeQemu.idMember(command) + "}\r\n");
        assertNamesTheDepthLimit(awaitFailure(tooDeep, QmpProtocolException.class));
    }

    // ---- replies and events that still answer their command ----

    @ParameterizedTest
    @ValueSource(strings = {"\"reason\": 12", "\"reason\": {}", "\"reason\": [1, {\"a\": null}]", "", "\"reason\": null"})
    void commandDroppedWhateverItsReasonFailsItsCommand(String reason) throws Exception {
        Victim victim = victimWithIds();
        CompletableFuture<JsonElement> dropped = victim.session().execute("dropme");
        JsonObject command = victim.qemu().receive();
        victim.qemu().send("{\"event\": \"COMMAND_DROPPED\", \"data\": {\"id\": " + command.get("id")
                + (reason.isEmpty() ? "" : ", " + reason) + "}, " + TIMESTAMP + "}\r\n");

        QmpCommandException e = awaitFailure(dropped, QmpCommandException.class);
        assertEquals("COMMAND_DROPPED", e.rawErrorClass());
        String expected = reason.isEmpty() ? "unknown" : reason.substring("\"reason\": ".length()).replace(" ", "");
        assertTrue(e.description().endsWith(expected), e.description());
        assertSessionStillAnswers(victim);
    }

    @Test
    void aHugeDropReasonIsCutShort() throws Exception {
        Victim victim = victimWithIds();
        CompletableFuture<JsonElement> dropped = victim.session().execute("dropme");
        JsonObject command = victim.qemu().receive();
        victim.qemu().send("{\"event\": \"COMMAND_DROPPED\", \"data\": {\"id\": " + command.get("id")
                + ", \"reason\": \"" + "r".repeat(1_000_000) + "\"}, " + TIMESTAMP + "}\r\n");

        QmpCommandException e = awaitFailure(dropped, QmpCommandException.class);
        assertTrue(e.description().length() < 400, () -> e.description().length() + " chars");
        assertTrue(e.description().endsWith("(1000000 chars)"), e.description().substring(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ID\"", "-1", "1.5", "1e400", "123456789012345678901234567890", "null", "{\"n\": 1}",
        "[1]", "true"})
    void aReplyWithAnIdThatIsNotOursIsDropped(String id) throws Exception {
        Victim victim = victimWithIds();
        CompletableFuture<JsonElement> reply = victim.session().execute("query-status");
        JsonObject command = victim.qemu().receive();
        String ours = command.get("id").toString();
        victim.qemu().send("{\"return\": \"stranger\", \"id\": " + id.replace("ID", ours) + "}\r\n");
        victim.qemu().send("{\"return\": \"mine\", \"id\": " + ours + "}\r\n");

        assertEquals("mine", await(reply).getAsString());
        log.awaitMessage(m -> m.contains("dropping a reply that matches no command") && m.contains("stranger"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"class\": 12, \"desc\": \"d\"}", "{\"desc\": \"no class\"}",
        "{\"class\": \"GenericError\", \"desc\": {\"text\": \"d\"}}", "\"just text\"", "null", "[]"})
    void aMalformedErrorFailsItsCommandAndTheSessionGoesOn(String error) throws Exception {
        Victim victim = victim();
        CompletableFuture<JsonElement> reply = victim.session().execute("query-status");
        JsonObject command = victim.qemu().receive();
        victim.qemu().send("{\"error\": " + error + FakeQemu.idMember(command) + "}\r\n");

        QmpProtocolException e = awaitFailure(reply, QmpProtocolException.class);
        assertTrue(e.getMessage().startsWith("malformed error reply to query-status"), e.getMessage());
        assertSessionStillAnswers(victim);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "null", "{}", "[\"STOP\"]"})
    void anEventWithoutAStringNameEndsItsSession(String name) throws Exception {
        Victim victim = victim();
        victim.qemu().send("{\"event\": " + name + ", " + TIMESTAMP + "}\r\n");

        QmpProtocolException e = awaitFailure(victim.session().whenClosed(), QmpProtocolException.class);
        assertTrue(e.getMessage().contains("malformed QMP event"), e.getMessage());
        assertTheClientStillServesOthers();
    }

    private static void assertSessionStillAnswers(Victim victim) throws Exception {
        CompletableFuture<JsonElement> next = victim.session().execute("query-status");
        JsonObject command = victim.qemu().receive();
        victim.qemu().send("{\"return\": {\"status\": \"running\"}" + FakeQemu.idMember(command) + "}\r\n");
        assertEquals("running", await(next).getAsJsonObject().get("status").getAsString());
    }

    // ---- an Error on the I/O thread ----

    /**
     * The callback executor is the user's code that the I/O thread calls while it handles a
     * message: one that throws an Error there (as a missing class would) ends only the session
     * whose message it was, with the Error as the cause, and fails that session's commands.
     */
    @Test
    void anErrorWhileHandlingOneSessionsMessageEndsOnlyThatSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        toClose.add(pool::shutdownNow);
        AtomicBoolean armed = new AtomicBoolean();
        AtomicReference<Thread> thrownOn = new AtomicReference<>();
        client.close();
        client = QmpClient.create(QmpClientOptions.builder().callbackExecutor(task -> {
            if (armed.compareAndSet(true, false)) {
                thrownOn.set(Thread.currentThread());
                throw new NoClassDefFoundError("simulated: a class the I/O thread needs is missing");
            }
            pool.execute(task);
        }).build());
        bystander = await(client.connect(simulator.endpoint()));
        Victim victim = victim();
        CompletableFuture<JsonElement> answered = victim.session().execute("query-status");
        JsonObject command = victim.qemu().receive();

        armed.set(true);
        victim.qemu().send("{\"return\": {}" + FakeQemu.idMember(command) + "}\r\n");

        QmpConnectionException ended = awaitFailure(victim.session().whenClosed(), QmpConnectionException.class);
        assertInstanceOf(NoClassDefFoundError.class, ended.getCause());
        assertTrue(thrownOn.get().getName().startsWith("qmp4j-io-"), thrownOn.get().getName());
        QmpConnectionException failed = awaitFailure(answered, QmpConnectionException.class);
        assertSame(ended, failed.getCause(), "the command whose completion failed ends with the session");
        assertSame(ended, awaitFailure(victim.session().execute("query-status"), QmpConnectionException.class)
                .getCause());
        assertTheClientStillServesOthers();
    }

    /**
     * The same for the hand-over of events: an executor that throws when given one ends only the
     * session whose events they were. A waiting {@code next()} is not left waiting: it gets the
     * event that came before the end, and the next one fails with the end.
     */
    @Test
    void anErrorWhileHandingOverEventsEndsOnlyThatSessionAndLeavesNoWaitWaiting() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        toClose.add(pool::shutdownNow);
        AtomicBoolean armed = new AtomicBoolean();
        client.close();
        client = QmpClient.create(QmpClientOptions.builder().callbackExecutor(task -> {
            if (armed.compareAndSet(true, false)) {
                throw new IllegalStateException("simulated: the executor failed");
            }
            pool.execute(task);
        }).build());
        bystander = await(client.connect(simulator.endpoint()));
        Victim victim = victim();
        EventSubscription events = victim.session().subscribe();
        CompletableFuture<QmpEvent> waiting = events.next();

        armed.set(true);
        victim.qemu().send("{\"event\": \"EV\", \"data\": {\"n\": 1}, " + TIMESTAMP + "}\r\n");

        QmpConnectionException ended = awaitFailure(victim.session().whenClosed(), QmpConnectionException.class);
        assertInstanceOf(IllegalStateException.class, ended.getCause());
        assertEquals(1, await(waiting).data().get("n").getAsInt());
        assertSame(ended, awaitFailure(events.next(), QmpConnectionException.class));
        assertTheClientStillServesOthers();
    }

    // ---- memory, in the 64 MiB heap of this test class ----

    /** Sends what may not all arrive: the client closes the socket once a message is over a limit. */
    private static void sendRegardless(FakeQemu qemu, String text) {
        try {
            qemu.send(text);
        } catch (java.io.IOException e) {
            // the client ended the session mid-message, as it should
        }
    }

    @Test
    void theLargestMessagesTheDefaultsAllowAreDelivered() throws Exception {
        Victim victim = victim();
        // The most text: a string as long as maxMessageBytes allows, one character outside Latin-1,
        // so that Java keeps it at two bytes a character.
        int room = QmpClientOptions.DEFAULT_MAX_MESSAGE_BYTES - 100;
        CompletableFuture<JsonElement> text = victim.session().execute("text");
        JsonObject command = victim.qemu().receive();
        victim.qemu().send("{\"return\": \"\u0100" + "x".repeat(room - 2) + "\"" + FakeQemu.idMember(command) + "}\r\n");
        assertEquals(room - 1, await(text).getAsString().length());
        // The most values: what grows 40-fold when decoded.
        int values = QmpClientOptions.DEFAULT_MAX_MESSAGE_VALUES - 10;
        CompletableFuture<JsonElement> numbers = victim.session().execute("numbers");
        command = victim.qemu().receive();
        victim.qemu().send("{\"return\": [" + "0,".repeat(values - 1) + "0]" + FakeQemu.idMember(command) + "}\r\n");
        assertEquals(values, await(numbers).getAsJsonArray().size());
        assertSessionStillAnswers(victim);
        assertTheClientStillServesOthers();
    }

    @Test
    void aMessageOverTheByteLimitEndsOnlyItsSession() throws Exception {
        Victim victim = victim();
        CompletableFuture<JsonElement> reply = victim.session().execute("big");
        JsonObject command = victim.qemu().receive();
        sendRegardless(victim.qemu(), "{\"return\": \"" + "x".repeat(15 << 20) + "\"" + FakeQemu.idMember(command) + "}");

        QmpProtocolException e = awaitFailure(reply, QmpProtocolException.class);
        assertTrue(e.getMessage().contains("maxMessageBytes"), e.getMessage());
        assertTheClientStillServesOthers();
    }

    @Test
    void aMessageOverTheValueLimitEndsOnlyItsSession() throws Exception {
        Victim victim = victim();
        CompletableFuture<JsonElement> reply = victim.session().execute("many");
        JsonObject command = victim.qemu().receive();
        int values = QmpClientOptions.DEFAULT_MAX_MESSAGE_VALUES + 1000; // 400 KB on the wire, 20 MB decoded
        sendRegardless(victim.qemu(), "{\"return\": [" + "0,".repeat(values) + "0]" + FakeQemu.idMember(command) + "}");

        QmpProtocolException e = awaitFailure(reply, QmpProtocolException.class);
        assertTrue(e.getMessage().contains("maxMessageValues"), e.getMessage());
        assertTheClientStillServesOthers();
    }

    /** An event's data is parsed only when read, but counted when it arrives: its values too. */
    @Test
    void anEventOverTheValueLimitEndsOnlyItsSession() throws Exception {
        Victim victim = victim();
        EventSubscription events = victim.session().subscribe();
        int values = QmpClientOptions.DEFAULT_MAX_MESSAGE_VALUES + 1000;
        sendRegardless(victim.qemu(), "{\"event\": \"MANY\", \"data\": {\"a\": [" + "0,".repeat(values) + "0]}, "
                + TIMESTAMP + "}\r\n");

        QmpProtocolException e = awaitFailure(events.next(), QmpProtocolException.class);
        assertTrue(e.getMessage().contains("maxMessageValues"), e.getMessage());
        assertTheClientStillServesOthers();
    }

    @Test
    void anEventOverTheByteLimitEndsOnlyItsSession() throws Exception {
        Victim victim = victim();
        EventSubscription events = victim.session().subscribe();
        sendRegardless(victim.qemu(), "{\"event\": \"BIG\", \"data\": {\"blob\": \"" + "x".repeat(15 << 20) + "\"}, "
                + TIMESTAMP + "}\r\n");

        QmpProtocolException e = awaitFailure(events.next(), QmpProtocolException.class);
        assertTrue(e.getMessage().contains("maxMessageBytes"), e.getMessage());
        assertTheClientStillServesOthers();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAIL", "DROP_OLDEST", "DROP_NEWEST"})
    void largeEventsNobodyReadsFillTheirSubscriptionsByteBudgetNotTheHeap(String policy) throws Exception {
        Victim victim = victim();
        EventSubscription events = victim.session().subscribe(EventSubscriptionOptions.builder()
                .overflowPolicy(EventOverflowPolicy.valueOf(policy)).build());
        String event = "{\"event\": \"BIG\", \"data\": {\"blob\": \"" + "b".repeat(100 * 1024) + "\"}, " + TIMESTAMP + "}\r\n";
        for (int i = 0; i < 400; i++) { // 40 MB on the wire, 80 MB of budget-counted heap
            victim.qemu().send(event);
        }
        assertSessionStillAnswers(victim); // every event has been read once this reply came
        if (policy.equals("FAIL")) {
            assertTrue(events.isClosed());
            int buffered = 0;
            while (events.poll().isPresent()) {
                buffered++;
            }
            assertTrue(buffered > 10 && buffered < 400, buffered + " events buffered");
            QmpEventOverflowException e = awaitFailure(events.next(), QmpEventOverflowException.class);
            assertTrue(e.getMessage().contains("bytes"), e.getMessage());
        } else {
            assertTrue(events.droppedCount() > 0, "dropped " + events.droppedCount());
            assertTrue(!events.isClosed());
        }
        events.close();
        log.awaitMessage(m -> m.contains("event subscription") && m.contains("16777216 bytes"));
        assertTheClientStillServesOthers();
    }
}
