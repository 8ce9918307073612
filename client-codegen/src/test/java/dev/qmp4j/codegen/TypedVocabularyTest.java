package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpMissingMemberException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.typed.QmpAvailability;
import dev.qmp4j.core.typed.QmpCommandInfo;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimestamp;
import dev.qmp4j.core.QmpUnsupportedCommandException;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.core.typed.Unstable;
import dev.qmp4j.core.types.BlockdevDriver;
import dev.qmp4j.core.types.BlockdevOptions;
import dev.qmp4j.core.types.BlockdevOptionsFile;
import dev.qmp4j.core.types.BlockdevRef;
import dev.qmp4j.core.types.DeviceDelArguments;
import dev.qmp4j.core.types.MigrationCapability;
import dev.qmp4j.core.types.QmpCommands;
import dev.qmp4j.core.types.QmpEvents;
import dev.qmp4j.core.types.QmpVocabulary;
import dev.qmp4j.core.types.QueryNamedBlockNodesArguments;
import dev.qmp4j.core.types.RunState;
import dev.qmp4j.core.types.ShutdownCause;
import dev.qmp4j.core.types.ShutdownEvent;
import dev.qmp4j.core.types.StatusInfo;
import dev.qmp4j.core.types.StopEvent;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The generated vocabulary as users meet it, through the compiled classes of client-core. */
class TypedVocabularyTest {
    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void unknownEnumValuesAreKeptNotRejected() {
        RunState future = RunState.of("hibernating");
        assertFalse(future.isKnown());
        assertEquals(RunState.Known.UNKNOWN, future.known());
        assertEquals("hibernating", future.wireName());
        assertEquals(RunState.of("hibernating"), future);
        assertSame(RunState.RUNNING, RunState.of("running"));
        assertEquals(RunState.Known.RUNNING, RunState.RUNNING.known());
        assertEquals("running", RunState.RUNNING.toString());
    }

    @Test
    @SuppressWarnings("deprecation") // singlestep: QEMU 10.0 no longer has it, and this test decodes it
    void decodesAReplyIgnoringUnknownMembers() {
        StatusInfo status = StatusInfo.fromJson(json(
                "{\"running\": false, \"singlestep\": false, \"status\": \"prelaunch\", \"new-member\": [1]}"));
        assertEquals(StatusInfo.builder().running(false).singlestep(false).status(RunState.PRELAUNCH).build(), status);
        assertEquals(StatusInfo.of(false, RunState.PRELAUNCH),
                StatusInfo.fromJson(json("{\"running\": false, \"status\": \"prelaunch\"}")));
    }

    @Test
    void aMemberEveryKnownVersionSendsMayBeMissingUntilItIsRead() {
        StatusInfo status = StatusInfo.fromJson(json("{\"status\": \"running\"}"), new QmpVersion(11, 0, 0));
        assertEquals(RunState.RUNNING, status.status());
        QmpMissingMemberException e = assertThrows(QmpMissingMemberException.class, status::running);
        assertEquals("StatusInfo: the server (QEMU 11.0.0) did not send the member 'running', which every QEMU "
                + "version this qmp4j knows sends", e.getMessage());
        assertEquals("running", e.member());
        assertEquals(Optional.of(new QmpVersion(11, 0, 0)), e.serverVersion());
        assertEquals(json("{\"status\": \"running\"}"), status.toJson());
    }

    @Test
    @SuppressWarnings("deprecation") // singlestep: QEMU 10.0 no longer has it, and this test reads it
    void membersOfSomeVersionsOnlyAreOptionalAndKnowTheirVersions() {
        StatusInfo status = StatusInfo.fromJson(json("{\"running\": true, \"status\": \"running\"}"));
        assertEquals(Optional.empty(), status.singlestep());
        QmpAvailability singlestep = StatusInfo.memberAvailability("singlestep").orElseThrow();
        assertEquals("QEMU 6.2 to 8.2", singlestep.description());
        assertFalse(singlestep.inNewestRelease());
        assertTrue(StatusInfo.memberAvailability("status").orElseThrow().inEveryRelease());
        assertEquals(Optional.empty(), StatusInfo.memberAvailability("no-such-member"));
    }

    @Test
    void errorsNameTheTypeAndTheMember() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> StatusInfo.fromJson(json("{\"running\": \"yes\", \"singlestep\": false, \"status\": \"x\"}")));
        assertEquals("StatusInfo: member 'running': expected a JSON boolean, got string \"yes\"", e.getMessage());
        e = assertThrows(QmpProtocolException.class,
                () -> BlockdevOptions.fromJson(json("{\"driver\": \"file\", \"filename\": 7}")));
        assertEquals("BlockdevOptionsFile: member 'filename': expected a JSON string, got number 7", e.getMessage());
    }

    @Test
    void unionCasesDecodeIntoTheirRecordAndUnknownCasesKeepTheirMembers() {
        BlockdevOptions file = BlockdevOptions.fromJson(json(
                "{\"driver\": \"file\", \"node-name\": \"disk0\", \"filename\": \"/tmp/a.img\"}"));
        assertEquals(BlockdevDriver.FILE, file.driver());
        assertEquals(Optional.of("disk0"), file.nodeName());
        BlockdevOptions.Variant.File variant = assertInstanceOf(BlockdevOptions.Variant.File.class, file.variant());
        assertEquals("/tmp/a.img", variant.value().filename());

        JsonObject future = json("{\"driver\": \"teleport\", \"node-name\": \"n\", \"beam\": 3}");
        BlockdevOptions unknown = BlockdevOptions.fromJson(future);
        assertFalse(unknown.driver().isKnown());
        assertEquals(json("{\"beam\": 3}"),
                assertInstanceOf(BlockdevOptions.Variant.Unknown.class, unknown.variant()).raw());
        assertEquals(future, unknown.toJson());
    }

    @Test
    void aUnionBuilderTakesTheTagFromTheCase() {
        BlockdevOptions options = BlockdevOptions.builder()
                .nodeName("disk0")
                .variant(new BlockdevOptions.Variant.File(BlockdevOptionsFile.of("/tmp/a.img")))
                .build();
        assertEquals(json("{\"driver\": \"file\", \"node-name\": \"disk0\", \"filename\": \"/tmp/a.img\"}"),
                options.toJson());
        assertThrows(IllegalArgumentException.class, () -> options.toBuilder().driver(BlockdevDriver.RAW).build());
    }

    @Test
    void alternatesChooseTheBranchByJsonKind() {
        assertEquals(BlockdevRef.of("node0"), BlockdevRef.fromJson(JsonParser.parseString("\"node0\"")));
        assertInstanceOf(BlockdevRef.OfBlockdevOptions.class,
                BlockdevRef.fromJson(json("{\"driver\": \"file\", \"filename\": \"f\"}")));
        assertInstanceOf(BlockdevRef.Unknown.class, BlockdevRef.fromJson(JsonParser.parseString("12")));
    }

    @Test
    void buildersCheckRequiredMembersAndTakeLongsForIntegers() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StatusInfo.builder().build());
        assertEquals("StatusInfo: required member 'running' was not set", e.getMessage());
        var size = dev.qmp4j.core.types.BalloonArguments.builder().value(1L << 30).build();
        assertEquals(BigInteger.valueOf(1L << 30), size.value());
    }

    @Test
    void unsignedSizesBeyondLongSurvive() {
        JsonObject stats = json("{\"actual\": 18446744073709551615}");
        assertEquals(new BigInteger("18446744073709551615"),
                dev.qmp4j.core.types.BalloonInfo.fromJson(stats).actual());
    }

    @Test
    void eventsDecodeThroughTheirTypeAndQmpEvents() {
        QmpEvent shutdown = new QmpEvent("SHUTDOWN", json("{\"guest\": false, \"reason\": \"host-qmp-quit\"}"),
                new QmpTimestamp(1, 2));
        ShutdownEvent data = ShutdownEvent.TYPE.decode(shutdown);
        assertEquals(ShutdownCause.HOST_QMP_QUIT, data.reason());
        assertEquals(Optional.of(data), QmpEvents.decode(shutdown));
        assertEquals(Optional.of(StopEvent.of()), QmpEvents.decode(new QmpEvent("STOP", null, new QmpTimestamp(1, 2))));
        assertEquals(Optional.empty(), QmpEvents.decode(new QmpEvent("NEW_EVENT", null, new QmpTimestamp(1, 2))));
        assertThrows(IllegalArgumentException.class, () -> ShutdownEvent.TYPE.decode(
                new QmpEvent("STOP", null, new QmpTimestamp(1, 2))));
        assertTrue(QmpEvents.names().contains("BLOCK_JOB_COMPLETED"));
    }

    @Test
    void unstableAndDeprecatedAreMarked() throws Exception {
        assertTrue(QmpCommands.class.getMethod("xQueryIrq").isAnnotationPresent(Unstable.class));
        assertTrue(QmpCommands.class.getMethod("driveBackup", dev.qmp4j.core.types.DriveBackupArguments.class)
                .isAnnotationPresent(Deprecated.class));
        assertTrue(MigrationCapability.class.getField("X_COLO").isAnnotationPresent(Unstable.class));
    }

    /** The schema the stand-in session reports: it has query-status and device_del, nothing else. */
    private static final QmpSchema SCHEMA = QmpSchema.of(JsonParser.parseString("[{\"name\": \"query-status\", \"meta-type\": \"command\"},"
            + " {\"name\": \"device_del\", \"meta-type\": \"command\"}]"));

    /** A session that answers every command with {@code reply}, recording what was sent. */
    private static QmpSession session(List<String> sent, CompletableFuture<JsonElement> reply) {
        return (QmpSession) Proxy.newProxyInstance(QmpSession.class.getClassLoader(),
                new Class<?>[] {QmpSession.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "execute":
                            sent.add(args[0] + " " + args[1]);
                            return reply;
                        case "schema":
                            return CompletableFuture.completedFuture(SCHEMA);
                        case "greeting":
                            return new QmpGreeting(new QmpVersion(7, 2, 22), "", List.of(), new JsonObject());
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void aCommandTheServerLacksFailsFastWithoutBeingSent() {
        List<String> sent = new ArrayList<>();
        QmpCommands commands = QmpCommands.of(session(sent, new CompletableFuture<>()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> commands.queryKvm().get());
        QmpUnsupportedCommandException unsupported = assertInstanceOf(QmpUnsupportedCommandException.class, e.getCause());
        assertEquals("query-kvm", unsupported.command());
        assertEquals("QEMU 7.2.22 has no command query-kvm (its query-qmp-schema does not list it)", unsupported.getMessage());
        assertEquals(List.of(), sent);
    }

    @Test
    void facadeMethodsSendTheCommandAndDecodeTheReply() throws Exception {
        List<String> sent = new ArrayList<>();
        QmpCommands commands = QmpCommands.of(session(sent, CompletableFuture.completedFuture(
                json("{\"running\": true, \"singlestep\": false, \"status\": \"running\"}"))));
        assertEquals(RunState.RUNNING, commands.queryStatus().get().status());
        commands.deviceDel(DeviceDelArguments.of("usb1")).get();
        assertEquals(List.of("query-status null", "device_del {\"id\":\"usb1\"}"), sent);
    }

    @Test
    void aReplyThatCannotBeDecodedNamesTheCommand() {
        QmpCommands commands = QmpCommands.of(session(new ArrayList<>(),
                CompletableFuture.completedFuture(json("{\"running\": \"yes\", \"status\": \"running\"}"))));
        ExecutionException e = assertThrows(ExecutionException.class, () -> commands.queryStatus().get());
        assertEquals("cannot decode the reply of query-status: StatusInfo: member 'running': expected a JSON boolean, "
                + "got string \"yes\"", e.getCause().getMessage());
    }

    @Test
    void aTypedReplyNamesTheServersVersionForAMissingMember() throws Exception {
        QmpSession session = session(new ArrayList<>(),
                CompletableFuture.completedFuture(json("{\"status\": \"running\"}")));
        StatusInfo status = QmpCommands.of(session).queryStatus().get();
        QmpMissingMemberException e = assertThrows(QmpMissingMemberException.class, status::running);
        assertEquals(Optional.of(session.greeting().version()), e.serverVersion());
        assertTrue(e.getMessage().contains("(QEMU " + session.greeting().version() + ")"), e.getMessage());
    }

    @Test
    void theVocabularyFindsCommandsAndEventsOfEveryVersion() {
        QmpCommandInfo<?, ?> status = QmpVocabulary.command("query-status").orElseThrow();
        assertEquals(StatusInfo.class, status.resultType());
        assertEquals(Optional.empty(), status.argumentsType());
        assertTrue(status.availability().inEveryRelease());
        StatusInfo decoded = (StatusInfo) status.decodeResult(json("{\"running\": true, \"status\": \"paused\"}"));
        assertEquals(RunState.PAUSED, decoded.status());
        QmpCommandInfo<?, ?> blocks = QmpVocabulary.command("query-named-block-nodes").orElseThrow();
        assertTrue(blocks.resultIsList());
        assertEquals(Optional.of(QueryNamedBlockNodesArguments.class), blocks.argumentsType());
        assertEquals("since QEMU 8.2", QmpVocabulary.command("query-audiodevs").orElseThrow().availability()
                .description());
        assertEquals(Optional.empty(), QmpVocabulary.command("no-such-command"));
        assertEquals(ShutdownEvent.TYPE, QmpVocabulary.event("SHUTDOWN").orElseThrow());
        assertEquals(ShutdownEvent.class, ShutdownEvent.TYPE.type());
        assertTrue(QmpVocabulary.eventAvailability("GUEST_PVSHUTDOWN").orElseThrow().inNewestRelease());
        assertFalse(QmpVocabulary.eventAvailability("GUEST_PVSHUTDOWN").orElseThrow().inEveryRelease());
        assertTrue(QmpVocabulary.commandNames().containsAll(List.of("x-query-profile", "blockdev-set-active")));
        assertEquals(7, QmpVocabulary.capturedVersions().size());
    }

    @Test
    void cancellingATypedCallCancelsTheCommand() {
        CompletableFuture<JsonElement> reply = new CompletableFuture<>();
        QmpCommands commands = QmpCommands.of(session(new ArrayList<>(), reply));
        commands.queryStatus().cancel(false);
        assertTrue(reply.isCancelled());
    }
}
