package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpClosedException;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpListener;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import dev.qmp4j.core.types.AddFdArguments;
import dev.qmp4j.core.types.AddFdResult;
import dev.qmp4j.core.types.GetfdArguments;
import dev.qmp4j.core.types.QmpCommands;
import dev.qmp4j.reactive.ReactiveQmpCommands;
import dev.qmp4j.reactive.ReactiveQmpSession;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;

/**
 * File descriptors sent with {@code getfd} and {@code add-fd} to each real QEMU, which then uses
 * them: a second monitor sees the fdset, a block node opens its image through it, a named
 * descriptor receives a guest memory dump; and neither side keeps descriptors it should not.
 */
@Timeout(180)
@ExtendWith(NothingLeftBehind.class)
@ForEachQemu
class FileDescriptorPassingQemuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> NO_MACHINE = List.of("-machine", "none", "-nodefaults", "-display", "none", "-S");

    @TempDir
    Path temp;

    private QmpClient client;
    private final List<QemuProcess> launched = new ArrayList<>();

    @BeforeEach
    void start() {
        client = QmpClient.create(QmpClientOptions.builder().fileDescriptorPassing(true).build());
    }

    @AfterEach
    void stop() {
        launched.forEach(QemuProcess::close);
        client.close();
    }

    private QemuProcess launch(QemuBinary binary, List<String> arguments) throws Exception {
        QemuProcess qemu = QemuLauncher.builder().binary(binary.path()).arguments(arguments).build()
                .launch(client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        launched.add(qemu);
        return qemu;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static JsonObject object(String... keysAndValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            o.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return o;
    }

    private static long descriptorsOf(String process) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", process, "fd"))) {
            return fds.count();
        }
    }

    @Test
    void addFdShowsInQueryFdsetsOfASecondMonitor(QemuBinary binary) throws Exception {
        Path second = temp.resolve("second.sock");
        Path image = Files.write(temp.resolve("disk.img"), new byte[4096]);
        QemuProcess qemu = launch(binary, concat(NO_MACHINE, "-qmp", "unix:" + second + ",server=on,wait=off"));
        AddFdResult added = await(QmpCommands.of(qemu.session()).addFd(AddFdArguments.builder().opaque("qmp4j").build(),
                QmpFileDescriptors.open(image, QmpFileDescriptors.Access.READ_WRITE)));

        try (QmpClient plain = QmpClient.create(); QmpSession other = await(plain.connect(QmpEndpoint.unix(second)))) {
            JsonArray fdsets = await(other.execute("query-fdsets")).getAsJsonArray();
            JsonObject fdset = find(fdsets, "fdset-id", added.fdsetId());
            JsonObject fd = find(fdset.getAsJsonArray("fds"), "fd", added.fd());
            assertEquals("qmp4j", fd.get("opaque").getAsString());
        }
        // QEMU's own descriptor refers to the file the SDK opened for it.
        assertEquals(image.toRealPath(), Files.readSymbolicLink(Path.of("/proc", Long.toString(qemu.pid()), "fd",
                added.fd().toString())));
    }

    @Test
    void blockdevAddOpensItsImageThroughTheFdset(QemuBinary binary) throws Exception {
        Path image = Files.write(temp.resolve("disk.img"), new byte[1024 * 1024]);
        QemuProcess qemu = launch(binary, NO_MACHINE);
        BlockingQmpSession qmp = BlockingQmpSession.of(qemu.session());
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            AddFdResult added = BlockingQmpCommands.of(qmp).addFd(QmpFileDescriptors.of(file.getFD()));
            Files.delete(image); // from now on QEMU can reach the image only through the descriptor
            JsonObject node = object("driver", "file", "node-name", "disk0",
                    "filename", "/dev/fdset/" + added.fdsetId());
            qmp.execute("blockdev-add", node);
            qmp.execute("human-monitor-command", object("command-line", "qemu-io disk0 \"write -P 0x5a 0 4096\""));
            byte[] written = new byte[4096];
            file.seek(0);
            file.readFully(written);
            byte[] expected = new byte[4096];
            Arrays.fill(expected, (byte) 0x5a);
            assertArrayEquals(expected, written, "QEMU wrote the pattern into the image through the fdset");
            qmp.execute("blockdev-del", object("node-name", "disk0"));
        }
    }

    @Test
    void getfdNamesADescriptorThatDumpGuestMemoryWritesTo(QemuBinary binary) throws Exception {
        Path dump = Files.createFile(temp.resolve("memory.dump"));
        QemuProcess qemu = launch(binary, List.of("-machine", "pc", "-accel", "tcg", "-m", "32", "-nodefaults",
                "-display", "none", "-S"));
        ReactiveQmpSession qmp = ReactiveQmpSession.of(qemu.session());
        ReactiveQmpCommands.of(qmp).getfd(GetfdArguments.of("dump"),
                QmpFileDescriptors.open(dump, QmpFileDescriptors.Access.READ_WRITE)).block(TIMEOUT);
        JsonObject args = new JsonObject();
        args.addProperty("paging", false);
        args.addProperty("protocol", "fd:dump");
        qmp.execute("dump-guest-memory", args, TIMEOUT).block(TIMEOUT);
        byte[] head = Arrays.copyOf(Files.readAllBytes(dump), 4);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, head, "an ELF core, written through the named descriptor");
    }

    @Test
    void getfdNamesAListeningSocketThatAChardevServesOn(QemuBinary binary) throws Exception {
        Path path = temp.resolve("chardev.sock");
        QemuProcess qemu = launch(binary, List.of("-machine", "none", "-nodefaults", "-display", "none", "-S"));
        QmpSession qmp = qemu.session();
        // Kept open here without accepting: closing it would shut the socket down for QEMU too.
        try (AFUNIXServerSocket listening = AFUNIXServerSocket.bindOn(path, false)) {
            await(qmp.executeWithFileDescriptors("getfd", object("fdname", "listening"),
                    QmpFileDescriptors.of(listening.getFileDescriptor())));
            JsonObject arguments = object("id", "chr0");
            arguments.add("backend", JsonParser.parseString("{\"type\": \"socket\", \"data\": {\"addr\": {\"type\":"
                    + " \"fd\", \"data\": {\"str\": \"listening\"}}, \"server\": true, \"wait\": false}}"));
            await(qmp.execute("chardev-add", arguments));
            String before = chardevFilename(qmp, "chr0");
            SocketChannel peer = SocketChannel.open(UnixDomainSocketAddress.of(path));
            try {
                // Only QEMU accepts on that socket, through the descriptor it was given: its chardev then says so.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String now = before;
                while (now.equals(before) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(10); // polling QEMU: it tells no event for this
                    now = chardevFilename(qmp, "chr0");
                }
                assertTrue(before.startsWith("disconnected"), before);
                assertTrue(!now.startsWith("disconnected"), "connected through the named descriptor: " + now);
            } finally {
                peer.close();
            }
        }
    }

    /** What {@code query-chardev} says of a chardev's file name. */
    private static String chardevFilename(QmpSession qmp, String label) throws Exception {
        for (JsonElement chardev : await(qmp.execute("query-chardev")).getAsJsonArray()) {
            if (chardev.getAsJsonObject().get("label").getAsString().equals(label)) {
                return chardev.getAsJsonObject().get("filename").getAsString();
            }
        }
        throw new AssertionError("no chardev " + label);
    }

    @Test
    void neitherSideKeepsDescriptorsOverManyRounds(QemuBinary binary) throws Exception {
        Path image = Files.write(temp.resolve("disk.img"), new byte[4096]);
        // Running, not paused (-S): QEMU 7.2 closes the descriptors of a removed fdset only while the VM runs.
        QemuProcess qemu = launch(binary, List.of("-machine", "none", "-nodefaults", "-display", "none"));
        QmpSession qmp = qemu.session();
        String pid = Long.toString(qemu.pid());
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            round(qmp, file, 0); // what opens once (classes, the native library) opens here
            long ours = descriptorsOf("self");
            long qemus = descriptorsOf(pid);
            for (int i = 1; i <= 200; i++) {
                round(qmp, file, i);
            }
            // The JVM may close one of its own meanwhile (a jar, a socket of an earlier test found
            // unreachable); a leak of these rounds would show as 200 more.
            long oursAfter = descriptorsOf("self");
            assertTrue(oursAfter <= ours, "descriptors open in this JVM: " + ours + " before 200 rounds, "
                    + oursAfter + " after");
            assertEquals(qemus, descriptorsOf(pid), "descriptors open in QEMU before and after 200 rounds");
            assertTrue(file.getFD().valid(), "the caller's descriptor stays open");
        }
    }

    /** Passes the caller's descriptor and a file the SDK opens, and has QEMU close both again. */
    private void round(QmpSession qmp, RandomAccessFile file, int i) throws Exception {
        await(qmp.executeWithFileDescriptors("getfd", object("fdname", "f" + i), QmpFileDescriptors.of(file.getFD())));
        await(qmp.execute("closefd", object("fdname", "f" + i)));
        JsonObject added = await(qmp.executeWithFileDescriptors("add-fd", null,
                QmpFileDescriptors.open(temp.resolve("disk.img"), QmpFileDescriptors.Access.READ))).getAsJsonObject();
        JsonObject remove = new JsonObject();
        remove.add("fdset-id", added.get("fdset-id"));
        await(qmp.execute("remove-fd", remove));
    }

    @Test
    void refusalsLeaveQemuUntouched(QemuBinary binary) throws Exception {
        Path image = Files.write(temp.resolve("disk.img"), new byte[4096]);
        try (QmpListener tcp = client.listen(QmpEndpoint.tcp("127.0.0.1", 0))) {
            CompletableFuture<QmpSession> accepted = tcp.accept();
            int port = ((java.net.InetSocketAddress) tcp.endpoint().socketAddress()).getPort();
            QemuProcess qemu = launch(binary, concat(NO_MACHINE, "-qmp", "tcp:127.0.0.1:" + port));
            QmpSession overTcp = await(accepted);
            QmpException e = failure(overTcp.executeWithFileDescriptors("add-fd", null,
                    QmpFileDescriptors.open(image, QmpFileDescriptors.Access.READ)), QmpException.class);
            assertTrue(e.getMessage().contains("this is a TCP endpoint; nothing was sent"), e.getMessage());

            QmpSession unix = qemu.session();
            RandomAccessFile closed = new RandomAccessFile(image.toFile(), "r");
            closed.close();
            e = failure(unix.executeWithFileDescriptors("add-fd", null, QmpFileDescriptors.of(closed.getFD())),
                    QmpException.class);
            assertEquals("file descriptor 1 of 1 for add-fd is not open (closed already?); nothing was sent", e.getMessage());
            assertEquals(new JsonArray(), await(overTcp.execute("query-fdsets")), "QEMU got no descriptor");

            overTcp.close();
            failure(overTcp.executeWithFileDescriptors("add-fd", null,
                    QmpFileDescriptors.open(image, QmpFileDescriptors.Access.READ)), QmpClosedException.class);
            unix.close();
            failure(unix.executeWithFileDescriptors("add-fd", null,
                    QmpFileDescriptors.open(image, QmpFileDescriptors.Access.READ)), QmpClosedException.class);
        }
    }

    private static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> expected) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        return assertInstanceOf(expected, e.getCause());
    }

    private static JsonObject find(JsonArray array, String member, BigInteger value) {
        for (JsonElement e : array) {
            if (e.getAsJsonObject().get(member).getAsBigInteger().equals(value)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + member + " " + value + " in " + array);
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
