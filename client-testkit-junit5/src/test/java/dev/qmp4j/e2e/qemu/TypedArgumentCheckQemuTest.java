package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpArgumentMismatchException;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.schema.ArgumentProblem.Reason;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.core.typed.TypedCall;
import dev.qmp4j.core.types.BlockdevDriver;
import dev.qmp4j.core.types.BlockdevOptions;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * Typed calls hold their arguments against the live {@code query-qmp-schema} of a real QEMU, of
 * whatever version: nothing here depends on one version's schema beyond {@code blockdev-add} and
 * its {@code null-co} driver, which every supported QEMU has.
 */
@Timeout(120)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class TypedArgumentCheckQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String NO_SUCH_MEMBER = "x-qmp4j-no-such-member";
    private static final String NO_SUCH_MEMBER_PATH = "blockdev-add/arg-type/+null-co/" + NO_SUCH_MEMBER;

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <E extends Throwable> E awaitFailure(CompletableFuture<?> future, Class<E> expected) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        return assertInstanceOf(expected, e.getCause());
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static List<String> nodeNames(QmpSession qmp) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonElement node : await(qmp.execute("query-named-block-nodes")).getAsJsonArray()) {
            JsonObject info = node.getAsJsonObject();
            if (info.has("node-name")) {
                names.add(info.get("node-name").getAsString());
            }
        }
        return names;
    }

    @Test
    @WithQemu
    void argumentsThisQemuDoesNotTakeFailUnsentNamingTheMemberAndVersion(QmpSession qmp) throws Exception {
        QmpSchema schema = await(qmp.schema());
        // the shape the paths below rely on: null-co is a variant of blockdev-add's union, driver its required tag
        assertTrue(schema.supports("blockdev-add/arg-type/+null-co/*size"));
        assertTrue(schema.supports("blockdev-add/arg-type/driver"));
        assertFalse(schema.supports("blockdev-add/arg-type/*driver"));
        assertFalse(schema.supports(NO_SUCH_MEMBER_PATH));

        QmpArgumentMismatchException unknown = awaitFailure(TypedCall.execute(qmp, "blockdev-add",
                json("{\"driver\": \"null-co\", \"node-name\": \"n0\", \"" + NO_SUCH_MEMBER + "\": 1}"), v -> v),
                QmpArgumentMismatchException.class);
        assertEquals(Reason.UNKNOWN_MEMBER, unknown.reason());
        assertEquals("blockdev-add", unknown.command());
        assertEquals(NO_SUCH_MEMBER_PATH, unknown.memberPath());
        assertEquals(qmp.greeting().version(), unknown.serverVersion());
        assertTrue(unknown.getMessage().startsWith("QEMU " + qmp.greeting().version() + " has no argument member "
                + NO_SUCH_MEMBER_PATH), unknown.getMessage());

        QmpArgumentMismatchException missing = awaitFailure(TypedCall.execute(qmp, "blockdev-add",
                json("{\"node-name\": \"n0\"}"), v -> v), QmpArgumentMismatchException.class);
        assertEquals(Reason.MISSING_REQUIRED_MEMBER, missing.reason());
        assertEquals("blockdev-add/arg-type/driver", missing.memberPath());

        assertFalse(nodeNames(qmp).contains("n0"), "no node was added: nothing was sent");
    }

    @Test
    @WithQemu
    void theCheckAgreesWithQemuAndTheSessionGoesOn(QmpSession qmp) throws Exception {
        JsonObject refused = json("{\"driver\": \"null-co\", \"node-name\": \"n0\", \"" + NO_SUCH_MEMBER + "\": 1}");
        awaitFailure(TypedCall.execute(qmp, "blockdev-add", refused, v -> v), QmpArgumentMismatchException.class);
        // the untyped escape hatch sends it, and QEMU refuses it for itself
        awaitFailure(qmp.execute("blockdev-add", refused), QmpCommandException.class);
        assertFalse(nodeNames(qmp).contains("n0"));

        await(TypedCall.execute(qmp, "blockdev-add", json("{\"driver\": \"null-co\", \"node-name\": \"n0\"}"), v -> v));
        assertTrue(nodeNames(qmp).contains("n0"), "arguments that fit are sent");
        await(TypedCall.execute(qmp, "blockdev-del", json("{\"node-name\": \"n0\"}"), v -> v));
        assertFalse(nodeNames(qmp).contains("n0"));
    }

    @Test
    @WithQemu({"-machine", "pc", "-accel", "tcg", "-m", "64", "-nodefaults", "-display", "none", "-S",
        "-device", "qemu-xhci,id=xhci"})
    void deviceAddTakesTheDevicesOwnProperties(QmpSession qmp) throws Exception {
        // "port" is a property of USB devices, not a member of device_add's schema: QEMU passes it on
        await(TypedCall.execute(qmp, "device_add",
                json("{\"driver\": \"usb-tablet\", \"id\": \"tablet1\", \"bus\": \"xhci.0\", \"port\": \"1\"}"), v -> v));
        JsonObject path = json("{\"path\": \"/machine/peripheral\"}");
        assertTrue(await(qmp.execute("qom-list", path)).toString().contains("tablet1"));
    }

    /** Through the generated facades: a union case this version of qmp4j does not model carries any member. */
    private static BlockdevOptions nullCoWithAMemberNoQemuHas() {
        return BlockdevOptions.builder()
                .driver(BlockdevDriver.NULL_CO)
                .nodeName("n1")
                .variant(new BlockdevOptions.Variant.Unknown(json("{\"" + NO_SUCH_MEMBER + "\": 1}")))
                .build();
    }

    @Test
    @WithQemu
    void theBlockingFacadeThrowsUnsent(BlockingQmpSession qmp) throws Exception {
        QmpArgumentMismatchException e = assertThrows(QmpArgumentMismatchException.class,
                () -> BlockingQmpCommands.of(qmp).blockdevAdd(nullCoWithAMemberNoQemuHas()));
        assertEquals(Reason.UNKNOWN_MEMBER, e.reason());
        assertEquals(NO_SUCH_MEMBER_PATH, e.memberPath());
        assertFalse(nodeNames(qmp.async()).contains("n1"));
    }

    @Test
    @WithQemu
    void theReactiveFacadeErrorsUnsent(ReactiveQmpSession qmp) throws Exception {
        StepVerifier.create(ReactiveQmpCommands.of(qmp).blockdevAdd(nullCoWithAMemberNoQemuHas()))
                .expectErrorSatisfies(error -> assertEquals(NO_SUCH_MEMBER_PATH,
                        assertInstanceOf(QmpArgumentMismatchException.class, error).memberPath()))
                .verify(TIMEOUT);
        assertFalse(nodeNames(qmp.async()).contains("n1"));
    }
}
