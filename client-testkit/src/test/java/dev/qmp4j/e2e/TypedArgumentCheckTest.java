package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpArgumentMismatchException;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpUnsupportedCommandException;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.schema.ArgumentProblem.Reason;
import dev.qmp4j.core.typed.TypedCall;
import dev.qmp4j.core.types.BlockdevDriver;
import dev.qmp4j.core.types.BlockdevOptions;
import dev.qmp4j.core.types.BlockdevOptionsNull;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Typed calls hold their arguments against the server's schema and send nothing that does not
 * fit; the untyped {@code execute} sends anything. The simulator serves a small schema in which
 * {@code blockdev-add} has fewer drivers and members than the typed vocabulary.
 */
class TypedArgumentCheckTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    /** blockdev-add as an old, small QEMU would describe it: two drivers, few members. */
    private static final String SCHEMA = """
            [
              {"name": "blockdev-add", "meta-type": "command", "arg-type": "1", "ret-type": "0"},
              {"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "any"},
              {"name": "0", "meta-type": "object", "members": []},
              {"name": "1", "meta-type": "object", "tag": "driver", "members": [
                {"name": "driver", "type": "2"}, {"name": "node-name", "type": "str", "default": null}],
               "variants": [{"case": "file", "type": "3"}, {"case": "null-co", "type": "4"}]},
              {"name": "2", "meta-type": "enum", "values": ["file", "null-co"]},
              {"name": "3", "meta-type": "object", "members": [{"name": "filename", "type": "str"}]},
              {"name": "4", "meta-type": "object", "members": [{"name": "size", "type": "int", "default": null}]},
              {"name": "str", "meta-type": "builtin", "json-type": "string"},
              {"name": "int", "meta-type": "builtin", "json-type": "int"},
              {"name": "any", "meta-type": "builtin", "json-type": "value"}
            ]""";

    private final QmpClient client = QmpClient.create();
    private QmpSimulator sim;
    private QmpSession session;

    @BeforeEach
    void connect() throws Exception {
        sim = QmpSimulator.builder()
                .handler("query-qmp-schema", r -> QmpReply.success(JsonParser.parseString(SCHEMA)))
                .handler("blockdev-add", r -> QmpReply.success())
                .start();
        session = await(client.connect(sim.endpoint()));
    }

    @AfterEach
    void close() {
        client.close();
        sim.close();
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    /**
     * The commands the simulator received by now. An untyped query-status goes first: replies come
     * in order, so anything sent before it has arrived once it is answered.
     */
    private List<String> receivedCommandNames() throws Exception {
        await(session.execute("query-status"));
        return sim.awaitSession(FIVE_SECONDS).received().stream().map(ReceivedCommand::name).toList();
    }

    private long blockdevAddsReceived() throws Exception {
        return receivedCommandNames().stream().filter("blockdev-add"::equals).count();
    }

    @Test
    void aMemberTheServerLacksFailsTheCallUnsent() throws Exception {
        CompletableFuture<JsonElement> call = TypedCall.execute(session, "blockdev-add",
                json("{\"driver\": \"file\", \"filename\": \"/f\", \"x-foo\": 1}"), v -> v);
        QmpArgumentMismatchException e = awaitFailure(call, QmpArgumentMismatchException.class);
        assertEquals(Reason.UNKNOWN_MEMBER, e.reason());
        assertEquals("blockdev-add", e.command());
        assertEquals("blockdev-add/arg-type/+file/x-foo", e.memberPath());
        assertEquals(new QmpVersion(7, 2, 22), e.serverVersion());
        assertEquals("QEMU 7.2.22 has no argument member blockdev-add/arg-type/+file/x-foo"
                + " (its query-qmp-schema does not list it); nothing was sent", e.getMessage());
        assertEquals(0, blockdevAddsReceived(), "nothing was sent");
    }

    @Test
    void aMemberTheServerRequiresFailsTheCallUnsentWhenMissing() throws Exception {
        QmpArgumentMismatchException e = awaitFailure(
                TypedCall.execute(session, "blockdev-add", json("{\"driver\": \"file\"}"), v -> v),
                QmpArgumentMismatchException.class);
        assertEquals(Reason.MISSING_REQUIRED_MEMBER, e.reason());
        assertEquals("blockdev-add/arg-type/+file/filename", e.memberPath());
        assertEquals("QEMU 7.2.22 requires the argument member blockdev-add/arg-type/+file/filename, which is missing"
                + " (its query-qmp-schema lists it without a default); nothing was sent", e.getMessage());
        assertEquals(0, blockdevAddsReceived(), "nothing was sent");
    }

    @Test
    void aValueTheServerDoesNotTakeFailsTheCallUnsent() throws Exception {
        QmpArgumentMismatchException e = awaitFailure(
                TypedCall.execute(session, "blockdev-add", json("{\"driver\": \"qcow2\", \"node-name\": \"n\"}"), v -> v),
                QmpArgumentMismatchException.class);
        assertEquals(Reason.UNKNOWN_ENUM_VALUE, e.reason());
        assertEquals("blockdev-add/arg-type/driver", e.memberPath());
        assertEquals("QEMU 7.2.22 does not accept the argument member blockdev-add/arg-type/driver: it has the value"
                + " 'qcow2', which is not one of this QEMU's: 'file', 'null-co'; nothing was sent", e.getMessage());
        assertEquals(e.reason(), e.problem().reason());
        assertEquals(0, blockdevAddsReceived(), "nothing was sent");
    }

    @Test
    void argumentsThatFitAreSent() throws Exception {
        JsonObject arguments = json("{\"driver\": \"null-co\", \"node-name\": \"n0\", \"size\": 1024}");
        await(TypedCall.execute(session, "blockdev-add", arguments, v -> v));
        List<ReceivedCommand> received = sim.awaitSession(FIVE_SECONDS).received();
        assertEquals(arguments, received.stream().filter(c -> c.name().equals("blockdev-add")).findFirst()
                .orElseThrow().arguments());
    }

    @Test
    void theUntypedExecuteSendsWhateverItIsGiven() throws Exception {
        await(session.execute("blockdev-add", json("{\"driver\": \"file\", \"x-foo\": 1}")));
        assertEquals(1, blockdevAddsReceived(), "the escape hatch is not checked");
    }

    @Test
    void theCommandIsCheckedBeforeItsArguments() {
        QmpUnsupportedCommandException e = awaitFailure(
                TypedCall.execute(session, "blockdev-reopen", json("{\"x-foo\": 1}"), v -> v),
                QmpUnsupportedCommandException.class);
        assertEquals("blockdev-reopen", e.command());
    }

    @Test
    void theSessionGoesOnAfterARefusedCall() throws Exception {
        awaitFailure(TypedCall.execute(session, "blockdev-add", json("{}"), v -> v), QmpArgumentMismatchException.class);
        await(TypedCall.execute(session, "blockdev-add", json("{\"driver\": \"file\", \"filename\": \"/f\"}"), v -> v));
        assertEquals(1, blockdevAddsReceived());
    }

    /** The generated vocabulary knows drivers and members this small schema lacks. */
    private static BlockdevOptions nullCoWithAMemberTheServerLacks() {
        return BlockdevOptions.builder()
                .driver(BlockdevDriver.NULL_CO)
                .nodeName("n0")
                .variant(new BlockdevOptions.Variant.NullCo(BlockdevOptionsNull.builder().size(1024L).readZeroes(true).build()))
                .build();
    }

    @Test
    void theBlockingFacadeThrowsUnsent() throws Exception {
        BlockingQmpCommands commands = BlockingQmpCommands.of(BlockingQmpSession.of(session));
        QmpArgumentMismatchException e = assertThrows(QmpArgumentMismatchException.class,
                () -> commands.blockdevAdd(nullCoWithAMemberTheServerLacks()));
        assertEquals(Reason.UNKNOWN_MEMBER, e.reason());
        assertEquals("blockdev-add/arg-type/+null-co/read-zeroes", e.memberPath());
        assertEquals(0, blockdevAddsReceived(), "nothing was sent");
    }

    @Test
    void theReactiveFacadeErrorsUnsent() throws Exception {
        ReactiveQmpCommands commands = ReactiveQmpCommands.of(ReactiveQmpSession.of(session));
        StepVerifier.create(commands.blockdevAdd(nullCoWithAMemberTheServerLacks()))
                .expectErrorSatisfies(error -> {
                    QmpArgumentMismatchException e = assertInstanceOf(QmpArgumentMismatchException.class, error);
                    assertEquals("blockdev-add/arg-type/+null-co/read-zeroes", e.memberPath());
                })
                .verify(FIVE_SECONDS);
        assertEquals(0, blockdevAddsReceived(), "nothing was sent");
    }

    @Test
    void handlerCommandsOfTheSimulatorsOwnSchemaTakeAnyArguments() throws Exception {
        try (QmpSimulator plain = QmpSimulator.builder().handler("echo", r -> QmpReply.success(r.arguments())).start()) {
            QmpSession echoing = await(client.connect(plain.endpoint()));
            JsonObject arguments = json("{\"anything\": [1, \"goes\"]}");
            assertEquals(arguments, await(TypedCall.execute(echoing, "echo", arguments, v -> v)));
            assertTrue(await(echoing.schema()).supports("query-status"));
            assertEquals(Reason.UNKNOWN_MEMBER, await(echoing.schema()).checkArguments("query-status",
                    json("{\"x\": 1}")).orElseThrow().reason(), "built-ins without arguments take none");
        }
    }
}
