package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.qmp4j.core.internal.transport.BrokenLoops;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the I/O thread itself cannot go on (its selector fails), every session it carried, and
 * every later call, fails with an exception that says so and keeps the real cause, never with a
 * bare ClosedChannelException or ClosedSelectorException.
 */
@Timeout(60)
class LoopFailureTest {
    private static final String STOPPED = "the qmp4j I/O thread qmp4j-io-\\d+-0 stopped after an unexpected failure: "
            + "java.nio.channels.ClosedSelectorException";

    @TempDir
    Path dir;

    @Test
    void everySessionAndEveryLaterCallNamesWhyTheIoThreadStopped() throws Exception {
        try (QmpClient client = QmpClient.create();
             ServerSocketChannel silentServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Path socket = dir.resolve("qmp.sock");
            QmpListener listener = client.listen(QmpEndpoint.unix(socket));
            CompletableFuture<QmpSession> accepted = listener.accept();
            try (SocketChannel qemu = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                write(qemu, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
                        + "\"package\": \"\"}, \"capabilities\": []}}\r\n");
                String negotiation = readLine(qemu);
                write(qemu, "{\"return\": {}, \"id\": " + JsonParser.parseString(negotiation).getAsJsonObject().get("id")
                        + "}\r\n");
                QmpSession session = accepted.get(10, TimeUnit.SECONDS);
                CompletableFuture<JsonElement> waiting = session.execute("query-status");
                readLine(qemu); // the command is at the server, waiting for its reply

                BrokenLoops.closeSelector(client.eventLoops().next());

                QmpConnectionException ended = failure(session.whenClosed(), QmpConnectionException.class);
                assertNamesTheStop(ended);
                assertSame(ended, failure(waiting, QmpConnectionException.class).getCause());
                assertSame(ended, failure(session.execute("query-status"), QmpConnectionException.class).getCause());
                assertNamesTheStop(failure(listener.accept(), QmpConnectionException.class));
            }

            // A server that accepts but never speaks: connecting gets as far as registering with the loop.
            Path other = dir.resolve("other.sock");
            silentServer.bind(UnixDomainSocketAddress.of(other));
            assertNamesTheStop(failure(client.connect(QmpEndpoint.unix(other)), QmpConnectionException.class));
            try (QmpListener later = client.listen(QmpEndpoint.unix(dir.resolve("later.sock")))) {
                assertNamesTheStop(failure(later.accept(), QmpConnectionException.class));
            }
        }
    }

    private static void assertNamesTheStop(QmpException e) {
        assertTrue(e.getMessage().matches(".*" + STOPPED), e.getMessage());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertInstanceOf(ClosedSelectorException.class, root);
    }

    private static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> expected) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(expected, e.getCause());
        }
        return fail("expected a failure");
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads one line, byte by byte: what the client writes ends in LF. */
    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(1);
        while (true) {
            b.clear();
            if (channel.read(b) < 0) {
                throw new IOException("EOF after: " + line);
            }
            char c = (char) b.get(0);
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
    }
}
