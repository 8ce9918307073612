package dev.qmp4j.core.internal.wire;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * An event's {@code data} object as the server sent it: where it lies in the message's bytes. The
 * I/O thread checks it with Gson and counts it within the message's limits when the message
 * arrives ({@link EventScanner}), and leaves the tree to whoever reads the data. Immutable.
 */
public final class RawEventData {
    private final byte[] message;
    private final int start;
    private final int end;

    /**
     * The data object at {@code [start, end)} of {@code message}.
     *
     * @param message the whole message, as UTF-8; kept, not copied
     * @param start where the data object's '{' is
     * @param end just after its '}'
     */
    RawEventData(byte[] message, int start, int end) {
        this.message = message;
        this.start = start;
        this.end = end;
    }

    /**
     * Parses the data into a new tree, with Gson as {@link WireCodec#parse} parses a whole message;
     * each call makes another.
     *
     * @return the data object
     * @throws QmpProtocolException when the text is not a JSON object, which the check on arrival
     *     rules out
     */
    public JsonObject parse() {
        return WireCodec.parse(text());
    }

    /** The data's text, as sent. */
    String text() {
        return new String(message, start, end - start, StandardCharsets.UTF_8);
    }
}
