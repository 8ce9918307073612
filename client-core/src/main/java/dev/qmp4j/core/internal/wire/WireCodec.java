package dev.qmp4j.core.internal.wire;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpTimestamp;
import dev.qmp4j.core.QmpVersion;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns commands into JSON text, and each message from the server into one {@link InboundMessage},
 * validated here and nowhere else. Stateless.
 */
public final class WireCodec {
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private WireCodec() {
    }

    /**
     * Decodes one framed message from the server. Events of the plain shape QEMU sends are read
     * without a JSON tree, their data kept as checked text until it is read ({@link EventScanner});
     * everything else is parsed whole, here.
     *
     * @param frame the message's text and size
     * @return the message: greeting, reply, event, or unknown when it is none of those
     * @throws QmpProtocolException when it is not a JSON object, or is a greeting or an event QMP
     *     does not allow
     */
    public static InboundMessage decode(JsonFrame frame) {
        EventMessage plainEvent = EventScanner.scan(frame); // most events, without a tree; null for the rest
        if (plainEvent != null) {
            return plainEvent;
        }
        JsonObject message = parse(frame.text());
        String excerpt = excerpt(frame.text());
        int bytes = frame.byteLength();
        if (message.has("event")) {
            QmpEvent event = decodeEvent(message);
            Optional<EventMessage.Dropped> dropped = event.name().equals("COMMAND_DROPPED")
                    ? Optional.of(decodeDropped(message.getAsJsonObject("data")))
                    : Optional.empty();
            return new EventMessage(event, dropped, frame, frame.retainedBytes());
        }
        if (message.has("QMP")) {
            return new GreetingMessage(decodeGreeting(message), excerpt, bytes);
        }
        if (message.has("return") || message.has("error")) {
            return decodeReply(message, excerpt, bytes);
        }
        return new UnknownMessage(excerpt, bytes);
    }

    private static ReplyMessage decodeReply(JsonObject message, String excerpt, int bytes) {
        ReplyId id = ReplyId.of(message.get("id"));
        if (message.has("return")) {
            return new ReturnMessage(id, message.get("return"), excerpt, bytes);
        }
        if (message.get("error") instanceof JsonObject error && isString(error.get("class"))
                && isString(error.get("desc"))) {
            return new ErrorMessage(id, error.get("class").getAsString(), error.get("desc").getAsString(), excerpt,
                    bytes);
        }
        return new MalformedReply(id, excerpt, bytes);
    }

    /** Reads COMMAND_DROPPED's data whatever its members hold: it must fail its command, never throw. */
    private static EventMessage.Dropped decodeDropped(JsonObject data) {
        if (data == null) {
            return new EventMessage.Dropped(ReplyId.FOREIGN, "unknown");
        }
        JsonElement reason = data.get("reason");
        String text = reason == null ? "unknown" : excerpt(isString(reason) ? reason.getAsString() : reason.toString());
        return new EventMessage.Dropped(data.has("id") ? ReplyId.of(data.get("id")) : ReplyId.FOREIGN, text);
    }

    private static boolean isString(JsonElement element) {
        return element instanceof JsonPrimitive p && p.isString();
    }

    /**
     * Parses one framed message strictly (standard JSON only) into an object.
     *
     * @throws QmpProtocolException naming what was wrong, when the text is not a JSON object
     */
    public static JsonObject parse(String text) {
        JsonElement element;
        try {
            JsonReader reader = reader(text);
            element = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new QmpProtocolException("malformed JSON from server: trailing data after the message: "
                        + excerpt(text));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof QmpProtocolException p) {
                throw p;
            }
            throw new QmpProtocolException("malformed JSON from server: " + e.getMessage() + ": " + excerpt(text), e);
        }
        if (!element.isJsonObject()) {
            throw new QmpProtocolException("QMP message must be a JSON object, got: " + excerpt(text));
        }
        return element.getAsJsonObject();
    }

    /**
     * Whether {@code text} is one JSON value that {@link #parse} takes, checked by the same reader
     * without building a tree.
     *
     * @param text the text
     * @return true when {@link #parse} would not refuse it as malformed
     */
    static boolean isJson(String text) {
        try {
            JsonReader reader = reader(text);
            reader.skipValue();
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The reader of everything the server sends: standard JSON, as Gson's {@code LEGACY_STRICT} reads it. */
    private static JsonReader reader(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.LEGACY_STRICT);
        return reader;
    }

    /**
     * Encodes a command as one line of compact JSON ending in LF (a newline lets QEMU's lexer
     * recover after bad input).
     *
     * @param id the command's id, or null to send it without one
     * @throws IllegalArgumentException when the arguments are not JSON QEMU parses as one command
     *     ({@link QemuInputLimits})
     */
    public static byte[] encodeCommand(String name, JsonObject arguments, Long id, boolean outOfBand) {
        QemuInputLimits.check(name, arguments);
        // Written straight out rather than through a JSON tree: this runs for every command.
        StringBuilder text = new StringBuilder(64).append(outOfBand ? "{\"exec-oob\":" : "{\"execute\":");
        if (isPlainName(name)) {
            text.append('"').append(name).append('"');
        } else {
            text.append(new JsonPrimitive(name)); // quoted and escaped by Gson
        }
        if (arguments != null && arguments.size() > 0) {
            text.append(",\"arguments\":").append(arguments);
        }
        if (id != null) {
            text.append(",\"id\":").append(id.longValue());
        }
        byte[] bytes = text.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
        QemuInputLimits.checkBytes(name, bytes.length - 1);
        return bytes;
    }

    /** Whether a command name needs no JSON escaping: QAPI names are letters, digits, '-', '_' and '.'. */
    private static boolean isPlainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a greeting's {@code QMP} member.
     *
     * @throws QmpProtocolException when the version is missing or not numeric
     */
    public static QmpGreeting decodeGreeting(JsonObject message) {
        try {
            JsonObject qmp = message.getAsJsonObject("QMP");
            JsonObject version = qmp.getAsJsonObject("version");
            JsonObject qemu = version.getAsJsonObject("qemu");
            QmpVersion v = new QmpVersion(qemu.get("major").getAsInt(), qemu.get("minor").getAsInt(),
                    qemu.get("micro").getAsInt());
            String pkg = version.has("package") ? version.get("package").getAsString() : "";
            List<String> capabilities = new ArrayList<>();
            JsonArray caps = qmp.has("capabilities") ? qmp.getAsJsonArray("capabilities") : new JsonArray();
            for (JsonElement cap : caps) {
                capabilities.add(cap.getAsString());
            }
            return new QmpGreeting(v, pkg, capabilities, qmp);
        } catch (RuntimeException e) {
            throw new QmpProtocolException("malformed QMP greeting (expected QMP.version.qemu.{major,minor,micro}"
                    + " and QMP.capabilities): " + excerpt(message.toString()), e);
        }
    }

    /**
     * Reads an event message; a missing {@code data} becomes an empty object.
     *
     * @throws QmpProtocolException when the event name is not a string, or data or timestamp has the wrong type
     */
    public static QmpEvent decodeEvent(JsonObject message) {
        try {
            if (!isString(message.get("event"))) {
                throw new IllegalStateException("the event name is not a string");
            }
            String name = message.get("event").getAsString();
            JsonObject data = message.has("data") ? message.getAsJsonObject("data") : null;
            QmpTimestamp timestamp = QmpTimestamp.UNKNOWN;
            if (message.has("timestamp")) {
                JsonObject ts = message.getAsJsonObject("timestamp");
                timestamp = new QmpTimestamp(ts.get("seconds").getAsLong(), ts.get("microseconds").getAsLong());
            }
            return new QmpEvent(name, data, timestamp);
        } catch (RuntimeException e) {
            throw new QmpProtocolException("malformed QMP event: " + excerpt(message.toString()), e);
        }
    }

    /** The start of a message, for error texts: enough to recognise it, never megabytes. */
    public static String excerpt(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
