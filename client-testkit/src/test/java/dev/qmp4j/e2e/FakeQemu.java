package dev.qmp4j.e2e;

import dev.qmp4j.core.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A scripted server side that connects to a listening client, the way QEMU does with
 * {@code -qmp unix:PATH}. Public for the listener tests of the reactive and blocking APIs.
 */
public final class FakeQemu implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private FakeQemu(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    public static FakeQemu connect(Path socket) throws IOException {
        return connect(UnixDomainSocketAddress.of(socket));
    }

    public static FakeQemu connect(SocketAddress address) throws IOException {
        return new FakeQemu(SocketChannel.open(address));
    }

    /** Greets and answers {@code qmp_capabilities} as QEMU 7.2 does. */
    public void negotiate() throws IOException {
        greet();
        JsonObject negotiation = receive();
        if (!negotiation.get("execute").getAsString().equals("qmp_capabilities")) {
            throw new IOException("expected qmp_capabilities, got " + negotiation);
        }
        send("{\"return\": {}" + idMember(negotiation) + "}\r\n");
    }

    /** Sends QEMU 7.2's greeting. */
    public void greet() throws IOException {
        send("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"},"
                + " \"capabilities\": [\"oob\"]}}\r\n");
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one command; the client ends each with a newline. */
    public JsonObject receive() throws IOException {
        return JsonParser.parseString(in.readLine()).getAsJsonObject();
    }

    /** Answers one command with an empty {@code return}, as QEMU answers {@code cont}. */
    public JsonObject answer() throws IOException {
        JsonObject command = receive();
        send("{\"return\": {}" + idMember(command) + "}\r\n");
        return command;
    }

    /** A reply's id member, {@code , "id": ID}, when the command carried an id; else nothing, as QEMU does. */
    public static String idMember(JsonObject command) {
        return command.has("id") ? ", \"id\": " + command.get("id") : "";
    }

    /** Reads and drops what the client sends until it closes the connection. */
    public void awaitEndOfStream() throws IOException {
        while (in.readLine() != null) {
            continue;
        }
    }

    /** Stops writing (a half close): the client reads the end of the stream, and may still write. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
