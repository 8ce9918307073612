package dev.qmp4j.testkit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.QmpEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A deliberately plain blocking QMP client for testing the simulator: raw bytes in, JSON values
 * out, framed by brace depth (not by line) so pretty output works too. Tests guard it with
 * JUnit's {@code @Timeout}, which interrupts (and so unblocks) a stuck read.
 */
final class RawQmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int consumed;
    private int reads;
    private boolean eof;

    private RawQmpClient(SocketChannel channel) {
        this.channel = channel;
    }

    static RawQmpClient connect(QmpEndpoint endpoint) {
        try {
            SocketChannel channel = endpoint.socketAddress() instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            channel.connect(endpoint.socketAddress());
            return new RawQmpClient(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects, reads the greeting and negotiates, enabling oob if asked. */
    static RawQmpClient negotiated(QmpEndpoint endpoint, boolean oob) {
        RawQmpClient client = connect(endpoint);
        client.next();
        JsonObject reply = client.call("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": "
                + (oob ? "[\"oob\"]" : "[]") + "}}");
        if (!reply.has("return")) {
            throw new AssertionError("negotiation failed: " + reply);
        }
        return client;
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) {
        try {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a message and returns the next message received. */
    JsonObject call(String message) {
        send(message);
        return next();
    }

    /** The next complete JSON value, or an AssertionError at EOF. */
    JsonObject next() {
        return nextOrEof().orElseThrow(() -> new AssertionError("EOF instead of a message; got so far: " + rawText()));
    }

    /** The next complete JSON value, or empty at EOF. */
    Optional<JsonObject> nextOrEof() {
        while (true) {
            byte[] bytes = raw.toByteArray();
            int end = endOfValue(bytes, consumed);
            if (end > 0) {
                String text = new String(bytes, consumed, end - consumed, StandardCharsets.UTF_8);
                consumed = end;
                return Optional.of(JsonParser.parseString(text).getAsJsonObject());
            }
            if (eof || !readMore()) {
                return Optional.empty();
            }
        }
    }

    /** Reads until the server closes; returns everything received. */
    String readToEof() {
        while (!eof) {
            readMore();
        }
        return rawText();
    }

    /** Reads until at least this many bytes arrived in total (or EOF). */
    String readAtLeast(int total) {
        while (!eof && raw.size() < total) {
            readMore();
        }
        return rawText();
    }

    String rawText() {
        return raw.toString(StandardCharsets.UTF_8);
    }

    int readCalls() {
        return reads;
    }

    boolean sawEof() {
        return eof;
    }

    private boolean readMore() {
        try {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                eof = true;
                return false;
            }
            reads++;
            raw.write(buffer.array(), 0, n);
            return true;
        } catch (IOException e) {
            eof = true; // a reset counts as the end too
            return false;
        }
    }

    /** End index (exclusive) of the first complete object starting at or after from, or -1. */
    private static int endOfValue(byte[] bytes, int from) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean started = false;
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
                started = true;
            } else if (b == '}' || b == ']') {
                depth--;
                if (started && depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // test helper
        }
    }
}
