package dev.qmp4j.e2e.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.types.AddFdResult;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** executeWithFileDescriptors through the blocking API. */
@Timeout(60)
class BlockingFileDescriptorsTest {
    private final BlockingQmpClient client = BlockingQmpClient.create(
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
    void returnsTheReplyAndLeavesTheCallersDescriptorOpen() throws Exception {
        JsonObject added = new JsonObject();
        added.addProperty("fdset-id", 3);
        added.addProperty("fd", 42);
        sim = QmpSimulator.builder().handler("add-fd", r -> QmpReply.success(added)).start();
        BlockingQmpSession session = client.connect(sim.endpoint());
        try (RandomAccessFile file = new RandomAccessFile(Files.writeString(temp.resolve("disk.img"), "data").toFile(), "r")) {
            assertEquals(added, session.executeWithFileDescriptors("add-fd", null, QmpFileDescriptors.of(file.getFD()),
                    Duration.ofSeconds(10)));
            AddFdResult typed = BlockingQmpCommands.of(session).addFd(QmpFileDescriptors.of(file.getFD()));
            assertEquals(BigInteger.valueOf(3), typed.fdsetId());
            assertEquals('d', file.read(), "the caller's descriptor is still open and usable");
        }
    }

    @Test
    void aRefusalThrows() {
        sim = QmpSimulator.start();
        try (BlockingQmpClient plain = BlockingQmpClient.create()) {
            BlockingQmpSession session = plain.connect(sim.endpoint());
            QmpException e = assertThrows(QmpException.class, () -> session.executeWithFileDescriptors("getfd", null,
                    QmpFileDescriptors.open(temp.resolve("any.img"), QmpFileDescriptors.Access.READ)));
            assertTrue(e.getMessage().contains("file descriptor passing is off for this client"), e.getMessage());
        }
    }
}
