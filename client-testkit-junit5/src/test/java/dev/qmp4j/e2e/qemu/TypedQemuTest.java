package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.blocking.BlockingTypedEventSubscription;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpUnsupportedCommandException;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.typed.QmpCommandInfo;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.core.typed.TypedEventSubscription;
import dev.qmp4j.core.types.BlockDeviceInfo;
import dev.qmp4j.core.types.BlockdevDelArguments;
import dev.qmp4j.core.types.BlockdevDriver;
import dev.qmp4j.core.types.BlockdevOptions;
import dev.qmp4j.core.types.BlockdevOptionsNull;
import dev.qmp4j.core.types.MigrateArguments;
import dev.qmp4j.core.types.MigrateSetCapabilitiesArguments;
import dev.qmp4j.core.types.MigrationCapability;
import dev.qmp4j.core.types.MigrationCapabilityStatus;
import dev.qmp4j.core.types.MigrationEvent;
import dev.qmp4j.core.types.MigrationInfo;
import dev.qmp4j.core.types.MigrationStatus;
import dev.qmp4j.core.types.QmpCommands;
import dev.qmp4j.core.types.ResetEvent;
import dev.qmp4j.core.types.ResumeEvent;
import dev.qmp4j.core.types.RunState;
import dev.qmp4j.core.types.ShutdownCause;
import dev.qmp4j.core.types.ShutdownEvent;
import dev.qmp4j.core.types.StopEvent;
import dev.qmp4j.core.types.TraceEventGetStateArguments;
import dev.qmp4j.core.types.TraceEventInfo;
import dev.qmp4j.core.types.QmpVocabulary;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** The generated vocabulary against each real QEMU, in all three styles. */
@Timeout(180)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class TypedQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PC = "-machine";

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    @WithQemu({PC, "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void everyQueryWithoutArgumentsDecodes(QmpSession qmp) throws Exception {
        assertEquals(List.of(), queryWithoutArgumentsFailures(qmp));
    }

    @Test
    @WithQemu({PC, "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S",
        "-compat", "deprecated-input=reject,deprecated-output=hide"})
    void everyQueryDecodesWithDeprecatedOutputHidden(QmpSession qmp) throws Exception {
        assertEquals(List.of(), queryWithoutArgumentsFailures(qmp));
        blockdevAddThenQueryNamedBlockNodes(qmp);
    }

    /**
     * Runs, through its typed method, every {@code query-} command of the server that needs no
     * arguments; then decodes the same command's raw reply through {@link QmpVocabulary} and checks
     * that it encodes back to exactly that reply and that every member the vocabulary calls always
     * there is there. Returns what failed (a server-side error is not a decoding failure).
     */
    private static List<String> queryWithoutArgumentsFailures(QmpSession qmp) throws Exception {
        QmpSchema schema = await(qmp.schema());
        QmpCommands commands = QmpCommands.of(qmp);
        QmpVersion version = qmp.greeting().version();
        List<String> failures = new ArrayList<>();
        int decoded = 0;
        for (String command : schema.commands()) {
            if (!command.startsWith("query-") || !takesNoRequiredArguments(schema, command)) {
                continue;
            }
            Method method = QmpCommands.class.getMethod(camelCase(command));
            try {
                await((CompletableFuture<?>) method.invoke(commands));
                decoded++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof QmpCommandException)) {
                    failures.add(command + ": " + e.getCause());
                }
                continue;
            }
            JsonElement raw;
            try {
                raw = await(qmp.execute(command));
            } catch (ExecutionException e) {
                continue; // an answer that changes between two calls (an error now) is not ours to judge
            }
            failures.addAll(roundTripFailures(command, raw, version));
        }
        assertTrue(decoded > 40, "only " + decoded + " queries answered");
        return failures;
    }

    @SuppressWarnings("unchecked")
    private static List<String> roundTripFailures(String command, JsonElement raw, QmpVersion version) {
        QmpCommandInfo<?, Object> info = (QmpCommandInfo<?, Object>) QmpVocabulary.command(command).orElseThrow();
        Object value = info.decodeResult(raw, version);
        List<String> failures = new ArrayList<>();
        JsonElement again = info.encodeResult(value);
        if (!raw.equals(again) && !(raw.isJsonObject() && raw.getAsJsonObject().size() == 0 && value == null)) {
            failures.add(command + ": " + raw + " encoded back as " + again);
        }
        TypedValues.missingMembers(value).forEach(m -> failures.add(command + ": " + m));
        return failures;
    }

    private static boolean takesNoRequiredArguments(QmpSchema schema, String command) {
        String argType = schema.entry(command).orElseThrow().get("arg-type").getAsString();
        for (JsonElement member : schema.entry(argType).orElseThrow().getAsJsonArray("members")) {
            if (!member.getAsJsonObject().has("default")) {
                return false;
            }
        }
        return true;
    }

    private static String camelCase(String command) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : command.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    @Test
    @WithQemu({PC, "none", "-nodefaults", "-display", "none", "-S"})
    void blockdevAddOfANullNodeThenQueryNamedBlockNodes(QmpSession qmp) throws Exception {
        blockdevAddThenQueryNamedBlockNodes(qmp);
    }

    private static void blockdevAddThenQueryNamedBlockNodes(QmpSession qmp) throws Exception {
        QmpCommands commands = QmpCommands.of(qmp);
        await(commands.blockdevAdd(BlockdevOptions.builder()
                .driver(BlockdevDriver.NULL_CO)
                .nodeName("null0")
                .variant(new BlockdevOptions.Variant.NullCo(BlockdevOptionsNull.builder().size(1L << 30).build()))
                .build()));
        List<BlockDeviceInfo> nodes = await(commands.queryNamedBlockNodes());
        BlockDeviceInfo node = nodes.stream().filter(n -> n.nodeName().equals(Optional.of("null0"))).findFirst().orElseThrow();
        assertEquals("null-co", node.drv());
        assertEquals(BigInteger.valueOf(1L << 30), node.image().virtualSize());
        await(commands.blockdevDel(BlockdevDelArguments.of("null0")));
        assertFalse(await(commands.queryNamedBlockNodes()).stream().anyMatch(n -> n.nodeName().equals(Optional.of("null0"))));
    }

    @Test
    @WithQemu({PC, "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void typedEventsAndStatus(QmpSession qmp) throws Exception {
        QmpCommands commands = QmpCommands.of(qmp);
        try (TypedEventSubscription<ResumeEvent> resume = qmp.subscribe(ResumeEvent.TYPE);
             TypedEventSubscription<StopEvent> stop = qmp.subscribe(StopEvent.TYPE);
             TypedEventSubscription<ResetEvent> reset = qmp.subscribe(ResetEvent.TYPE);
             TypedEventSubscription<ShutdownEvent> shutdown = qmp.subscribe(ShutdownEvent.TYPE)) {
            assertEquals(RunState.PRELAUNCH, await(commands.queryStatus()).status());
            await(commands.cont());
            await(resume.next());
            assertEquals(RunState.RUNNING, await(commands.queryStatus()).status());
            await(commands.stop());
            await(stop.next());
            await(commands.systemReset());
            assertEquals(ShutdownCause.HOST_QMP_SYSTEM_RESET, await(reset.next()).reason());
            await(commands.quit());
            ShutdownEvent event = await(shutdown.next());
            assertEquals(ShutdownCause.HOST_QMP_QUIT, event.reason());
            assertFalse(event.guest());
        }
    }

    @Test
    @WithQemu
    void aCommandThisQemuLacksFailsFastNamingItsVersion(QmpSession qmp) throws Exception {
        // Every generated command exists in this QEMU, so ask the typed-call entry point for one it lacks.
        QmpSchema schema = await(qmp.schema());
        assertTrue(schema.hasCommand("query-status"));
        assertFalse(schema.hasCommand("query-does-not-exist"));
        JsonObject none = new JsonObject();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(dev.qmp4j.core.typed.TypedCall.execute(qmp, "query-does-not-exist", none, v -> v)));
        QmpUnsupportedCommandException unsupported = (QmpUnsupportedCommandException) e.getCause();
        assertEquals("query-does-not-exist", unsupported.command());
        JsonObject version = await(qmp.execute("query-version")).getAsJsonObject().getAsJsonObject("qemu");
        String expected = version.get("major") + "." + version.get("minor") + "." + version.get("micro");
        assertEquals(expected, unsupported.serverVersion().toString());
        assertTrue(unsupported.getMessage().startsWith("QEMU " + expected + " has no command query-does-not-exist"),
                unsupported.getMessage());
    }

    @Test
    @WithQemu({PC, "none", "-nodefaults", "-display", "none", "-S"})
    void queryMigrateAfterAMigrationToExecCat(QmpSession qmp) throws Exception {
        QmpCommands commands = QmpCommands.of(qmp);
        MigrationInfo before = await(commands.queryMigrate());
        assertEquals(Optional.empty(), before.status(), "no migration yet: " + before);
        // MIGRATION events come only with the "events" capability
        await(commands.migrateSetCapabilities(MigrateSetCapabilitiesArguments.of(
                List.of(MigrationCapabilityStatus.of(MigrationCapability.EVENTS, true)))));
        try (TypedEventSubscription<MigrationEvent> migration = qmp.subscribe(MigrationEvent.TYPE)) {
            await(commands.migrate(MigrateArguments.builder().uri("exec:cat > /dev/null").build()));
            MigrationStatus status;
            do {
                status = await(migration.next()).status();
            } while (!status.equals(MigrationStatus.COMPLETED) && !status.equals(MigrationStatus.FAILED));
            assertEquals(MigrationStatus.COMPLETED, status);
        }
        MigrationInfo after = await(commands.queryMigrate());
        assertEquals(Optional.of(MigrationStatus.COMPLETED), after.status());
        assertTrue(after.ram().isPresent(), after.toString());
        assertTrue(after.ram().get().total().signum() >= 0);
        assertEquals(List.of(), roundTripFailures("query-migrate", await(qmp.execute("query-migrate")),
                qmp.greeting().version()));
    }

    @Test
    @WithQemu({PC, "none", "-nodefaults", "-display", "none", "-S"})
    void traceEventGetStateWithArguments(QmpSession qmp) throws Exception {
        List<TraceEventInfo> events = await(QmpCommands.of(qmp).traceEventGetState(
                TraceEventGetStateArguments.of("qmp_*")));
        assertFalse(events.isEmpty(), "QEMU has qmp_* trace events");
        for (TraceEventInfo event : events) {
            assertTrue(event.name().startsWith("qmp_"), event.name());
            assertTrue(event.state().isKnown(), event.toString());
        }
        JsonObject arguments = TraceEventGetStateArguments.of("qmp_*").toJson();
        assertEquals(List.of(), roundTripFailures("trace-event-get-state",
                await(qmp.execute("trace-event-get-state", arguments)), qmp.greeting().version()));
    }

    @Test
    @WithQemu({PC, "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void blockingTypedCalls(BlockingQmpSession qmp) {
        BlockingQmpCommands commands = BlockingQmpCommands.of(qmp);
        try (BlockingTypedEventSubscription<StopEvent> stop = qmp.subscribe(StopEvent.TYPE)) {
            commands.cont();
            assertEquals(RunState.RUNNING, commands.queryStatus().status());
            commands.stop();
            stop.next(TIMEOUT);
            assertEquals(RunState.PAUSED, commands.queryStatus().status());
        }
    }

    @Test
    @WithQemu({PC, "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S"})
    void reactiveTypedCalls(ReactiveQmpSession qmp) {
        ReactiveQmpCommands commands = ReactiveQmpCommands.of(qmp);
        StepVerifier.create(qmp.subscribe(ResumeEvent.TYPE))
                .then(() -> commands.cont().subscribe())
                .expectNextCount(1)
                .thenCancel()
                .verify(TIMEOUT);
        StepVerifier.create(commands.queryStatus())
                .assertNext(status -> assertEquals(RunState.RUNNING, status.status()))
                .verifyComplete();
    }
}
