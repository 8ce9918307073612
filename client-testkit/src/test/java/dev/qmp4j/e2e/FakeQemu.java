package dev.qmp4j.e2e;

import dev.qmp4j.core.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A scripted server side that connects to a listening client, the way QEMU does with {@code -qmp unix:PATH}. */
final class FakeQemu implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private FakeQemu(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    static FakeQemu connect(Path socket) throws IOException {
        return new FakeQemu(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one command; the client ends each with a newline. */
    JsonObject receive() throws IOException {
        return JsonParser.parseString(in.readLine()).getAsJsonObject();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
