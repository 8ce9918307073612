package dev.qmp4j.testkit.internal;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the token stream into messages the way QEMU's json-streamer does: a message ends when
 * brackets balance (or go negative); limits on size, token count and depth reset the stream
 * with an error instead of growing without bound.
 */
final class QemuJsonStreamer {
    /** QEMU's MAX_TOKEN_SIZE: 64 MiB per message. */
    static final long MAX_TOKEN_SIZE = 64L << 20;
    /** QEMU's MAX_TOKEN_COUNT: about 2 million tokens per message. */
    static final int MAX_TOKEN_COUNT = 2 << 20;
    /** QEMU's MAX_NESTING. */
    static final int MAX_NESTING = 1 << 10;

    /** Receives each complete message or each error, in input order. */
    interface Listener {
        /**
         * A complete JSON value.
         *
         * @param value the parsed value
         */
        void onValue(JsonElement value);

        /**
         * Input that could not be parsed; QEMU answers it with a GenericError without id.
         *
         * @param desc the error text QEMU would send
         */
        void onError(String desc);
    }

    private final Listener listener;
    private final QemuJsonLexer lexer = new QemuJsonLexer(this::onToken);
    private final List<JsonToken> tokens = new ArrayList<>();
    private int braces;
    private int brackets;
    private long size;

    /**
     * Creates a streamer.
     *
     * @param listener where messages go
     */
    QemuJsonStreamer(Listener listener) {
        this.listener = listener;
    }

    /**
     * Feeds raw input bytes.
     *
     * @param bytes buffer
     * @param offset start
     * @param length count
     */
    void feed(byte[] bytes, int offset, int length) {
        lexer.feed(bytes, offset, length);
    }

    private void onToken(JsonToken token) {
        switch (token.type()) {
            case LCURLY -> braces++;
            case RCURLY -> braces--;
            case LSQUARE -> brackets++;
            case RSQUARE -> brackets--;
            case ERROR -> {
                reset();
                listener.onError("JSON parse error, stray '" + token.textAsString() + "'");
                return;
            }
            default -> { }
        }
        if (size + token.text().length + 1 > MAX_TOKEN_SIZE) {
            fail("JSON token size limit exceeded");
            return;
        }
        if (tokens.size() + 1 > MAX_TOKEN_COUNT) {
            fail("JSON token count limit exceeded");
            return;
        }
        if (braces + brackets > MAX_NESTING) {
            fail("JSON nesting depth limit exceeded");
            return;
        }
        tokens.add(token);
        size += token.text().length;
        if ((braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0) {
            return;
        }
        List<JsonToken> message = List.copyOf(tokens);
        reset();
        QemuJsonParser.Result result = QemuJsonParser.parse(message);
        if (result.error().isPresent()) {
            listener.onError("JSON parse error, " + result.error().get());
        } else {
            listener.onValue(result.value().orElseThrow());
        }
    }

    private void fail(String desc) {
        reset();
        listener.onError(desc);
    }

    private void reset() {
        tokens.clear();
        braces = 0;
        brackets = 0;
        size = 0;
    }
}
