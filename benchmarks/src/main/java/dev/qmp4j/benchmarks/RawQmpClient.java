package dev.qmp4j.benchmarks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The baseline for sequential round trips: a minimal blocking QMP client with no library around
 * it. One thread, a blocking {@link SocketChannel}, replies split at line ends and parsed with
 * Gson, events skipped. What a client costs beyond this is the client's own overhead.
 */
public final class RawQmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final StringBuilder received = new StringBuilder();
    private long nextId;

    private RawQmpClient(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects, reads the greeting and enters command mode (enabling no capability).
     *
     * @param socket the server's UNIX socket
     * @return a client in command mode
     * @throws IOException when the connection fails or the negotiation is refused
     */
    public static RawQmpClient connect(Path socket) throws IOException {
        RawQmpClient client = new RawQmpClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        try {
            client.readLine(); // the greeting
            client.execute("qmp_capabilities");
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * Sends a command without arguments and waits for its reply.
     *
     * @param command the command name
     * @return the reply's {@code return} value
     * @throws IOException when the connection fails, or the server answers with an error
     */
    public JsonObject execute(String command) throws IOException {
        long id = nextId + 1;
        send(command, 1);
        return reply(command, id);
    }

    /**
     * Writes {@code count} commands at once, then reads their replies in order.
     *
     * @param command the command name
     * @param count how many times to send it
     * @param replies takes each reply's {@code return} value
     * @throws IOException when the connection fails, or the server answers with an error
     */
    public void executeAll(String command, int count, Consumer<JsonObject> replies) throws IOException {
        long first = nextId + 1;
        send(command, count);
        for (long id = first; id < first + count; id++) {
            replies.accept(reply(command, id));
        }
    }

    private void send(String command, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("{\"execute\":\"").append(command).append("\",\"id\":").append(++nextId).append("}\n");
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private JsonObject reply(String command, long id) throws IOException {
        while (true) {
            JsonObject message = JsonParser.parseString(readLine()).getAsJsonObject();
            if (message.has("event")) {
                continue;
            }
            if (!message.has("return") || message.get("id").getAsLong() != id) {
                throw new IOException(command + ": unexpected reply " + message);
            }
            return message.getAsJsonObject("return");
        }
    }

    /** Closes the socket. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private String readLine() throws IOException {
        while (true) {
            int end = received.indexOf("\n");
            if (end >= 0) {
                String line = received.substring(0, end);
                received.delete(0, end + 1);
                return line;
            }
            readBuffer.clear();
            if (channel.read(readBuffer) < 0) {
                throw new EOFException("the QMP server closed the connection");
            }
            readBuffer.flip();
            received.append(StandardCharsets.UTF_8.decode(readBuffer));
        }
    }
}
