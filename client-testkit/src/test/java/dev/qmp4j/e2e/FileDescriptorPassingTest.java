package dev.qmp4j.e2e;

import static dev.qmp4j.e2e.SimulatorTesting.await;
import static dev.qmp4j.e2e.SimulatorTesting.awaitFailure;
import static dev.qmp4j.e2e.SimulatorTesting.failedAtOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedSession;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sending file descriptors with commands, against the simulator (which reads the bytes and lets
 * the kernel drop the descriptors): order, refusals, and that the SDK's own descriptors never
 * outlive their command. What QEMU does with them is {@code FileDescriptorPassingQemuTest}'s.
 */
class FileDescriptorPassingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private QmpClient client;
    private QmpSimulator sim;
    private Path file;

    @BeforeEach
    void start() throws IOException {
        client = QmpClient.create(QmpClientOptions.builder().fileDescriptorPassing(true).build());
        file = Files.writeString(temp.resolve("disk.img"), "data");
    }

    @AfterEach
    void close() {
        client.close();
        if (sim != null) {
            sim.close();
        }
    }

    private QmpSession connect() throws Exception {
        sim = QmpSimulator.start();
        sim.addHandler("getfd", r -> QmpReply.success());
        return await(client.connect(sim.endpoint()));
    }

    /** The commands a session of the simulator received after the negotiation. */
    private static List<String> commands(SimulatedSession server) {
        return server.received().stream().map(ReceivedCommand::name).filter(n -> !n.equals("qmp_capabilities")).toList();
    }

    /** Where the client listens for a {@link FakeQemu}. */
    private Path socket() {
        return temp.resolve("listen.sock");
    }

    /** The session a fake QEMU connected to a listener of the client gives, once negotiated. */
    private static QmpSession negotiated(FakeQemu qemu, CompletableFuture<QmpSession> accepted) throws Exception {
        qemu.negotiate();
        return await(accepted);
    }

    private static JsonObject fdname(String name) {
        JsonObject args = new JsonObject();
        args.addProperty("fdname", name);
        return args;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The descriptors this JVM has open on {@code target}: unlike the count of all, not moved by sockets that close late. */
    private static long openDescriptorsOf(Path target) throws IOException {
        Path real = target.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false; // closed meanwhile (the listing's own descriptor among them)
                }
            }).count();
        }
    }

    @Test
    void commandsWithDescriptorsGoInOrderWithTheOthers() throws Exception {
        QmpSession session = connect();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            List<CompletableFuture<?>> replies = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                replies.add(switch (i % 3) {
                    case 0 -> session.executeWithFileDescriptors("getfd", fdname("f" + i), QmpFileDescriptors.of(raf.getFD()));
                    case 1 -> session.executeWithFileDescriptors("getfd", fdname("f" + i),
                            QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ));
                    default -> session.execute("query-status");
                });
            }
            for (CompletableFuture<?> reply : replies) {
                await(reply);
            }
            List<ReceivedCommand> received = sim.sessions().get(0).awaitReceived(61, WAIT);
            received = received.subList(1, 61); // after qmp_capabilities
            for (int i = 0; i < 60; i++) {
                ReceivedCommand command = received.get(i);
                assertEquals(i % 3 == 2 ? "query-status" : "getfd", command.name(), "command " + i);
                if (i % 3 != 2) {
                    assertEquals("f" + i, command.arguments().get("fdname").getAsString(), "command " + i);
                }
            }
            assertTrue(raf.getFD().valid(), "the caller's descriptor stays open");
            assertEquals('d', raf.read(), "and usable");
        }
    }

    @Test
    void noDescriptorOfTheSdkOutlivesItsCommand() throws Exception {
        QmpSession session = connect();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // a first round warms up what opens descriptors once (class loading, the native library)
            await(session.executeWithFileDescriptors("getfd", fdname("warm"), QmpFileDescriptors.of(raf.getFD())));
            await(session.executeWithFileDescriptors("getfd", fdname("warm"),
                    QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ_WRITE)));
            long before = openDescriptors();
            for (int round = 0; round < 200; round++) {
                await(session.executeWithFileDescriptors("getfd", fdname("a" + round), QmpFileDescriptors.of(raf.getFD())));
                await(session.executeWithFileDescriptors("getfd", fdname("b" + round),
                        QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ_WRITE)));
                await(session.executeWithFileDescriptors("getfd", fdname("c" + round),
                        QmpFileDescriptors.open(temp.resolve("log"), QmpFileDescriptors.Access.APPEND)));
            }
            assertEquals(before, openDescriptors(), "descriptors open before and after 200 rounds");
            assertTrue(raf.getFD().valid());
        }
    }

    @Test
    void aLaterCommandWithDescriptorsWaitsForTheReplyOfTheEarlierOne() throws Exception {
        QmpSession session = connect();
        CompletableFuture<QmpReply> firstReply = new CompletableFuture<>();
        sim.addHandler("getfd", r -> r.arguments().get("fdname").getAsString().equals("first")
                ? QmpReply.later(firstReply) : QmpReply.success());
        sim.addOobHandler("query-yank", r -> QmpReply.success(new com.google.gson.JsonArray()));
        QmpFileDescriptors fds = QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ);
        CompletableFuture<?> first = session.executeWithFileDescriptors("getfd", fdname("first"), fds);
        CompletableFuture<?> second = session.executeWithFileDescriptors("getfd", fdname("second"), fds);
        CompletableFuture<?> after = session.execute("query-status");
        // An out-of-band command passes every waiting one: once it is answered, the simulator has
        // read all that the client wrote before it.
        await(session.executeOutOfBand("query-yank", null, WAIT));
        SimulatedSession server = sim.sessions().get(0);
        assertEquals(List.of("getfd", "query-yank"), commands(server),
                "the second getfd (and what follows it) waits while QEMU may still take descriptors for the first");
        firstReply.complete(QmpReply.success());
        await(first);
        await(second);
        await(after);
        List<ReceivedCommand> received = server.awaitReceived(5, WAIT);
        assertEquals("second", received.get(3).arguments().get("fdname").getAsString());
        assertEquals("query-status", received.get(4).name());
    }

    @Test
    void descriptorsOfCommandsThatNeverWentOutAreClosed() throws Exception {
        sim = QmpSimulator.start();
        sim.addHandler("getfd", r -> QmpReply.later(new CompletableFuture<>()));
        QmpFileDescriptors fds = QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ);
        long before = openDescriptorsOf(file);
        QmpSession session = await(client.connect(sim.endpoint()));
        SimulatedSession server = sim.sessions().get(0);
        CompletableFuture<?> sent = session.executeWithFileDescriptors("getfd", fdname("sent"), fds);
        CompletableFuture<?> timedOut = session.executeWithFileDescriptors("getfd", fdname("waits"), fds,
                Duration.ofMillis(200));
        CompletableFuture<?> waiting = session.executeWithFileDescriptors("getfd", fdname("waits too"), fds);
        assertTrue(openDescriptorsOf(file) > before, "the waiting commands hold copies of the descriptor");
        awaitFailure(timedOut, QmpTimeoutException.class);
        session.close();
        awaitFailure(sent, QmpClosedException.class);
        awaitFailure(waiting, QmpClosedException.class);
        server.awaitClosed(WAIT);
        assertEquals(before, openDescriptorsOf(file));
    }

    @Test
    void aTcpEndpointIsRefusedUnsent() throws Exception {
        sim = QmpSimulator.start(QmpSimulator.builder().listenOnTcp().build());
        QmpSession session = await(client.connect(sim.endpoint()));
        QmpException e = failedAtOnce(session.executeWithFileDescriptors("getfd", fdname("x"),
                QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ)), QmpException.class);
        assertEquals("cannot send file descriptors with getfd to " + sim.endpoint() + ": they travel only over a"
                + " UNIX socket, and this is a TCP endpoint; nothing was sent", e.getMessage());
        await(session.execute("query-status"));
        assertEquals(List.of("query-status"), commands(sim.sessions().get(0)));
    }

    @Test
    void aClientWithoutDescriptorPassingRefusesUnsent() throws Exception {
        sim = QmpSimulator.start();
        try (QmpClient plain = QmpClient.create()) {
            QmpSession session = await(plain.connect(sim.endpoint()));
            QmpException e = failedAtOnce(session.executeWithFileDescriptors("getfd", fdname("x"),
                    QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ)), QmpException.class);
            assertTrue(e.getMessage().contains("file descriptor passing is off for this client; turn it on with"
                    + " QmpClientOptions.builder().fileDescriptorPassing(true); nothing was sent"), e.getMessage());
            await(session.execute("query-status"));
            assertEquals(List.of("query-status"), commands(sim.sessions().get(0)));
        }
    }

    @Test
    void aClosedSessionFails() throws Exception {
        QmpSession session = connect();
        SimulatedSession server = sim.sessions().get(0);
        session.close();
        server.awaitClosed(WAIT); // its socket too, before counting
        long before = openDescriptors();
        failedAtOnce(session.executeWithFileDescriptors("getfd", fdname("x"),
                QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ)), QmpClosedException.class);
        assertEquals(before, openDescriptors());
    }

    @Test
    void aClosedDescriptorOrAMissingFileIsRefusedUnsent() throws Exception {
        QmpSession session = connect();
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        FileDescriptor open = raf.getFD();
        try (RandomAccessFile other = new RandomAccessFile(file.toFile(), "r")) {
            raf.close();
            long before = openDescriptors();
            QmpException closed = failedAtOnce(session.executeWithFileDescriptors("getfd", fdname("x"),
                    QmpFileDescriptors.of(other.getFD(), open)), QmpException.class);
            assertEquals("file descriptor 2 of 2 for getfd is not open (closed already?); nothing was sent",
                    closed.getMessage());
            Path missing = temp.resolve("missing.img");
            QmpException notThere = failedAtOnce(session.executeWithFileDescriptors("getfd", fdname("x"),
                    QmpFileDescriptors.open(missing, QmpFileDescriptors.Access.READ_WRITE)), QmpException.class);
            assertTrue(notThere.getMessage().startsWith("cannot open " + missing + " (READ_WRITE) for getfd: "
                    + "java.nio.file.NoSuchFileException"), notThere.getMessage());
            assertFalse(Files.exists(missing), "READ_WRITE never creates");
            assertEquals(before, openDescriptors(), "the duplicate of the first descriptor is closed again");
            await(session.executeWithFileDescriptors("getfd", fdname("y"), QmpFileDescriptors.of(other.getFD())));
            assertEquals(List.of("getfd"), commands(sim.sessions().get(0)));
        }
    }

    @Test
    void acceptedSessionsPassDescriptorsToo() throws Exception {
        try (QmpListener listener = client.listen(QmpEndpoint.unix(socket()))) {
            CompletableFuture<QmpSession> accepted = listener.accept();
            try (FakeQemu qemu = FakeQemu.connect(socket())) {
                QmpSession session = negotiated(qemu, accepted);
                CompletableFuture<?> reply = session.executeWithFileDescriptors("getfd", fdname("x"),
                        QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ));
                JsonObject received = qemu.receive();
                assertEquals("getfd", received.get("execute").getAsString());
                qemu.send("{\"return\": {}" + FakeQemu.idMember(received) + "}");
                await(reply);
            }
        }
    }

    // junixsocket's sockets, which sessions that pass descriptors use, end differently from the JDK's.

    @Test
    void whatTheServerWroteBeforeItClosedIsRead() throws Exception {
        try (QmpListener listener = client.listen(QmpEndpoint.unix(socket()))) {
            for (int round = 0; round < 20; round++) { // the socket's end and its last bytes arrive in one poll, or not
                CompletableFuture<QmpSession> accepted = listener.accept();
                FakeQemu qemu = FakeQemu.connect(socket());
                QmpSession session;
                CompletableFuture<?> quit;
                EventSubscription events;
                try {
                    session = negotiated(qemu, accepted);
                    events = session.subscribe("SHUTDOWN");
                    quit = session.execute("quit");
                    JsonObject received = qemu.receive();
                    qemu.send("{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"},"
                            + " \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n{\"return\": {}"
                            + FakeQemu.idMember(received) + "}\r\n");
                } finally {
                    qemu.close(); // right after its last words, as QEMU after quit
                }
                await(quit);
                assertEquals("SHUTDOWN", await(events.next()).name());
                QmpConnectionException end = awaitFailure(session.whenClosed(), QmpConnectionException.class);
                assertTrue(end.getMessage().contains("closed by the server (EOF)"), end.getMessage());
            }
        }
    }

    @Test
    void aServerThatOnlyStopsWritingEndsTheSession() throws Exception {
        try (QmpListener listener = client.listen(QmpEndpoint.unix(socket()))) {
            CompletableFuture<QmpSession> accepted = listener.accept();
            try (FakeQemu qemu = FakeQemu.connect(socket())) {
                QmpSession session = negotiated(qemu, accepted);
                qemu.shutdownOutput(); // the socket stays open, only its stream ends: no hang-up
                QmpConnectionException end = awaitFailure(session.whenClosed(), QmpConnectionException.class);
                assertTrue(end.getMessage().contains("closed by the server (EOF)"), end.getMessage());
            }
        }
    }

    @Test
    void aPathInUseIsRefusedWithoutConnectingToItsListener() throws Exception {
        try (QmpListener listener = client.listen(QmpEndpoint.unix(socket()))) {
            CompletableFuture<QmpSession> accepted = listener.accept();
            QmpConnectionException busy = assertThrows(QmpConnectionException.class,
                    () -> client.listen(QmpEndpoint.unix(socket())));
            assertTrue(busy.getMessage().startsWith("cannot listen on unix:" + socket()), busy.getMessage());
            try (FakeQemu qemu = FakeQemu.connect(socket())) { // the first listener still takes the next connection
                QmpSession session = negotiated(qemu, accepted);
                CompletableFuture<?> status = session.execute("query-status");
                JsonObject received = qemu.receive();
                assertEquals("query-status", received.get("execute").getAsString(), "its first connection is this one");
                qemu.send("{\"return\": {}" + FakeQemu.idMember(received) + "}\r\n");
                await(status);
            }
        }
    }

    @Test
    void atMostScmMaxFdDescriptorsGoWithOneCommand() {
        assertThrows(IllegalArgumentException.class, QmpFileDescriptors::of);
        FileDescriptor[] many = new FileDescriptor[QmpFileDescriptors.MAX_DESCRIPTORS + 1];
        java.util.Arrays.fill(many, FileDescriptor.in);
        assertThrows(IllegalArgumentException.class, () -> QmpFileDescriptors.of(many));
    }
}
