package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.launch.QemuProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against each real QEMU (Debian's 7.2 and 10.0 in CI). */
@ParameterizedClass(name = RealQemu.NAME)
@MethodSource(RealQemu.BINARIES)
@Timeout(120)
class RealQemuTest {
    private static final long WAIT = 30;
    private final Path binary;
    private QmpClient client;

    RealQemuTest(RealQemu.Binary qemu) {
        binary = qemu.path(); // skips each test (fails it with QMP4J_REQUIRE_QEMU=1) without QEMU
    }

    @BeforeEach
    void createClient() {
        client = QmpClient.create();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    private static QmpCommandException commandError(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(QmpCommandException.class, e.getCause());
        }
        throw new AssertionError("expected a command error");
    }

    @Test
    void greetingAndNegotiationEnableOob() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            QmpGreeting greeting = qemu.session().greeting();
            assertTrue(greeting.version().major() >= 2, greeting.toString());
            assertTrue(greeting.offers("oob"), greeting.toString());
            assertEquals(Set.of("oob"), qemu.session().enabledCapabilities());
            assertEquals(QmpSessionState.READY, qemu.session().state());
            JsonObject version = await(qemu.session().execute("query-version")).getAsJsonObject();
            assertEquals(greeting.version().major(), version.getAsJsonObject("qemu").get("major").getAsInt());
        }
    }

    @Test
    void negotiationWithoutCapabilities() throws Exception {
        client.close();
        client = QmpClient.create(QmpClientOptions.builder().capabilities(Set.of()).build());
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            assertEquals(Set.of(), qemu.session().enabledCapabilities());
            assertEquals("prelaunch", await(qemu.session().execute("query-status")).getAsJsonObject()
                    .get("status").getAsString());
        }
    }

    @Test
    void queryStatusOfPausedMachine() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            JsonObject status = await(qemu.session().execute("query-status")).getAsJsonObject();
            assertEquals("prelaunch", status.get("status").getAsString());
            assertFalse(status.get("running").getAsBoolean());
        }
    }

    @Test
    void stopAndContDeliverEvents() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.PC_MACHINE)) {
            EventSubscription events = qemu.session().subscribe("STOP", "RESUME");
            await(qemu.session().execute("cont"));
            assertEquals("RESUME", await(events.next()).name());
            assertEquals("running", await(qemu.session().execute("query-status")).getAsJsonObject()
                    .get("status").getAsString());
            await(qemu.session().execute("stop"));
            QmpEvent stop = await(events.next());
            assertEquals("STOP", stop.name());
            assertTrue(stop.timestamp().toInstant().isPresent());
            await(qemu.session().execute("system_reset"));
            EventSubscription reset = qemu.session().subscribe("RESET");
            await(qemu.session().execute("system_reset"));
            QmpEvent resetEvent = await(reset.next());
            assertEquals("host-qmp-system-reset", resetEvent.data().get("reason").getAsString());
        }
    }

    @Test
    void errorClassesAreKept() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            QmpCommandException notFound = commandError(qemu.session().execute("no-such-command"));
            assertEquals(QmpErrorClass.COMMAND_NOT_FOUND, notFound.errorClass());
            assertEquals("no-such-command", notFound.command());
            assertTrue(notFound.description().contains("no-such-command"), notFound.description());

            QmpCommandException generic = commandError(
                    qemu.session().executeOutOfBand("query-status", null, Duration.ofSeconds(10)));
            assertEquals(QmpErrorClass.GENERIC_ERROR, generic.errorClass());
            assertEquals("GenericError", generic.rawErrorClass());

            JsonObject args = new JsonObject();
            args.addProperty("id", "nothing-here");
            QmpCommandException device = commandError(qemu.session().execute("device_del", args));
            assertEquals(QmpErrorClass.DEVICE_NOT_FOUND, device.errorClass());
        }
    }

    @Test
    void largeSchemaReplyArrivesWhole() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            JsonArray schema = await(qemu.session().execute("query-qmp-schema")).getAsJsonArray();
            assertTrue(schema.toString().length() > 150_000, "schema is " + schema.toString().length() + " chars");
            assertTrue(schema.size() > 900, "schema has " + schema.size() + " entries");
        }
    }

    @Test
    void schemaIsFetchedOnceAndAnswersLibvirtStylePaths() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            var schema = await(qemu.session().schema());
            assertSame(schema, await(qemu.session().schema()), "cached for the session");
            assertTrue(schema.size() > 900, schema.toString());
            assertTrue(schema.hasCommand("blockdev-add"));
            assertTrue(schema.hasEvent("DEVICE_DELETED"));
            assertTrue(schema.supports("blockdev-add/arg-type/+file/filename"));
            assertTrue(schema.supports("blockdev-add/arg-type/+file/*aio"));
            assertTrue(schema.supports("query-status/ret-type/status/^running"));
            assertFalse(schema.supports("blockdev-add/arg-type/+no-such-driver"));
        }
    }

    @Test
    void schemaOverTheMessageLimitEndsTheSessionWithAProtocolError() throws Exception {
        client.close();
        client = QmpClient.create(QmpClientOptions.builder().maxMessageBytes(64 * 1024).build());
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            CompletableFuture<JsonElement> schema = qemu.session().execute("query-qmp-schema");
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> schema.get(WAIT, TimeUnit.SECONDS));
            assertInstanceOf(QmpProtocolException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("65536"), e.getCause().getMessage());
        }
    }

    @Test
    void thousandPipelinedCommandsFromEightThreadsEachGetTheirOwnReply() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    results.add(threads.submit(() -> pipeline(qemu.session(), thread, 125)));
                }
                int checked = 0;
                for (Future<Integer> r : results) {
                    checked += r.get(WAIT * 2, TimeUnit.SECONDS);
                }
                assertEquals(1000, checked);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Sends {@code count} commands without waiting, half of which answer with text unique to them. */
    private static int pipeline(QmpSession session, int thread, int count) throws Exception {
        List<CompletableFuture<JsonElement>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                JsonObject args = new JsonObject();
                args.addProperty("id", "dev-" + thread + "-" + i);
                futures.add(session.execute("device_del", args));
            } else {
                futures.add(session.execute("query-status"));
            }
        }
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                QmpCommandException e = commandError(futures.get(i));
                assertTrue(e.description().contains("'dev-" + thread + "-" + i + "'"), e.description());
            } else {
                assertEquals("prelaunch", await(futures.get(i)).getAsJsonObject().get("status").getAsString());
            }
        }
        return count;
    }

    @Test
    void quitSucceedsAfterShutdownAndQemuExits() throws Exception {
        try (QemuProcess qemu = RealQemu.start(client, binary, RealQemu.NO_MACHINE)) {
            EventSubscription shutdown = qemu.session().subscribe("SHUTDOWN");
            await(qemu.session().execute("quit"));
            QmpEvent event = await(shutdown.next());
            assertEquals("host-qmp-quit", event.data().get("reason").getAsString());
            assertFalse(event.data().get("guest").getAsBoolean());
            assertEquals(0, await(qemu.onExit()), "QEMU exits cleanly after quit");
            ExecutionException end = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> qemu.session().whenClosed().get(WAIT, TimeUnit.SECONDS));
            assertInstanceOf(QmpConnectionException.class, end.getCause());
        }
    }
}
