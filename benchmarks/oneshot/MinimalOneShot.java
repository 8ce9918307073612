import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The least a Java program does for one QMP command: connect to a UNIX socket, read the greeting,
 * negotiate, send {@code query-status} and print its {@code return} as indented JSON, with one
 * blocking channel on the main thread and Gson, nothing else. compare.sh runs it with the JVM
 * options of samples/target/qmp and a class-data archive of its own: the JVM's floor for a
 * one-shot, beside {@code qmp exec} and the Python one-shot.
 *
 * <p>usage: java -cp minimal-oneshot.jar:gson.jar MinimalOneShot SOCKET
 */
public final class MinimalOneShot {
    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private final StringBuilder pending = new StringBuilder();

    private MinimalOneShot(SocketChannel channel) {
        this.channel = channel;
    }

    /** Runs the one-shot against the socket named by the first argument. */
    public static void main(String[] args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
            MinimalOneShot qmp = new MinimalOneShot(channel);
            qmp.message();
            qmp.call("{\"execute\":\"qmp_capabilities\"}\n");
            JsonObject reply = qmp.call("{\"execute\":\"query-status\"}\n");
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(reply.get("return")));
        }
    }

    private JsonObject call(String command) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        while (true) {
            JsonObject message = message();
            if (!message.has("event")) {
                return message;
            }
        }
    }

    /**
     * The next line from the server as a JSON object (QEMU writes one message per line). Each read
     * is decoded alone: what this program reads is ASCII, so no character is cut between reads.
     */
    private JsonObject message() throws IOException {
        while (true) {
            int end = pending.indexOf("\n");
            if (end >= 0) {
                String line = pending.substring(0, end);
                pending.delete(0, end + 1);
                return JsonParser.parseString(line).getAsJsonObject();
            }
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new EOFException("QMP connection closed");
            }
            buffer.flip();
            pending.append(StandardCharsets.UTF_8.decode(buffer));
        }
    }
}
