package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each real QEMU answers in-band commands sent without id in order, so that every reply finds its
 * command; and it parses commands at the limits the client checks as one command each.
 */
@Timeout(180)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class InBandIdsQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> NO_MACHINE = List.of("-machine", "none", "-nodefaults", "-display", "none", "-S");

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static QemuProcess launch(QmpClient client, QemuBinary binary) throws Exception {
        return await(QemuLauncher.builder().binary(binary.path()).arguments(NO_MACHINE).build().launch(client));
    }

    @Test
    void pipelinedCommandsWithoutIdsEachGetTheirOwnReply(QemuBinary binary) throws Exception {
        try (QmpClient client = QmpClient.create(QmpClientOptions.builder().inBandCommandIds(false).build());
                QemuProcess qemu = launch(client, binary)) {
            QmpSession qmp = qemu.session();
            List<CompletableFuture<JsonElement>> replies = new ArrayList<>();
            List<CompletableFuture<JsonElement>> oob = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                replies.add(switch (i % 3) {
                    case 0 -> qmp.execute("query-status");
                    case 1 -> qmp.execute("qom-get", missing(i));
                    default -> qmp.execute("query-version");
                });
                if (i % 100 == 0) {
                    JsonObject none = new JsonObject();
                    none.add("instances", new JsonArray());
                    oob.add(qmp.executeOutOfBand("yank", none, TIMEOUT)); // allowed out of band since QEMU 6.0
                }
            }
            for (int i = 0; i < replies.size(); i++) {
                CompletableFuture<JsonElement> reply = replies.get(i);
                switch (i % 3) {
                    case 0 -> assertEquals("prelaunch", await(reply).getAsJsonObject().get("status").getAsString());
                    case 1 -> {
                        ExecutionException e = assertThrows(ExecutionException.class, () -> await(reply));
                        QmpCommandException error = (QmpCommandException) e.getCause();
                        assertTrue(error.description().contains("/missing-" + i), error.description());
                    }
                    default -> assertTrue(await(reply).getAsJsonObject().has("qemu"));
                }
            }
            for (CompletableFuture<JsonElement> r : oob) {
                assertEquals(new JsonObject(), await(r));
            }
        }
    }

    @Test
    void qemuTakesACommandAtTheClientsNestingAndTokenLimitsAsOneCommand(QemuBinary binary) throws Exception {
        // With ids, as counted by the client: QEMU's own count of these commands is the same.
        try (QmpClient client = QmpClient.create(QmpClientOptions.builder().inBandCommandIds(true).build());
                QemuProcess qemu = launch(client, binary)) {
            QmpSession qmp = qemu.session();
            // The command is level 1, its arguments level 2: 1,022 arrays inside make 1,024 levels.
            assertOneRefusal(qmp, nested(1022));
            IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                    () -> qmp.execute("query-status", nested(1023)));
            assertTrue(deep.getMessage().contains("nested deeper"), deep.getMessage());
            // {"x": [[], 0, ...]} with n elements: 2n + 6 tokens, and 12 around them make QEMU's 2,097,152.
            int n = ((2 << 20) - 18) / 2;
            assertOneRefusal(qmp, elements(n, 1));
            IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                    () -> qmp.execute("query-status", elements(n, 2)));
            assertTrue(many.getMessage().contains("JSON tokens"), many.getMessage());
        }
    }

    /** QEMU parsed the command whole: it names the argument it does not know, then answers the next one. */
    private static void assertOneRefusal(QmpSession qmp, JsonObject arguments) throws Exception {
        CompletableFuture<JsonElement> refused = qmp.execute("query-status", arguments);
        CompletableFuture<JsonElement> next = qmp.execute("query-status");
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(refused));
        QmpCommandException error = (QmpCommandException) e.getCause();
        assertEquals("Parameter 'x' is unexpected", error.description());
        assertEquals("prelaunch", await(next).getAsJsonObject().get("status").getAsString());
    }

    private static JsonObject missing(int i) {
        JsonObject o = new JsonObject();
        o.addProperty("path", "/missing-" + i);
        o.addProperty("property", "type");
        return o;
    }

    private static JsonObject nested(int arrays) {
        JsonElement value = new JsonPrimitive(0);
        for (int i = 0; i < arrays; i++) {
            JsonArray a = new JsonArray();
            a.add(value);
            value = a;
        }
        JsonObject o = new JsonObject();
        o.add("x", value);
        return o;
    }

    /** {"x": [[], ..., 0, ...]}: {@code n} elements, the first {@code empty} of them empty arrays. */
    private static JsonObject elements(int n, int empty) {
        JsonArray elements = new JsonArray();
        for (int i = 0; i < n; i++) {
            if (i < empty) {
                elements.add(new JsonArray());
            } else {
                elements.add(0);
            }
        }
        JsonObject o = new JsonObject();
        o.add("x", elements);
        return o;
    }
}
