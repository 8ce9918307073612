package dev.qmp4j.core.typed;

import com.google.gson.JsonElement;
import dev.qmp4j.core.QmpVersion;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed command of the vocabulary: its name, its Java argument and result types, and the
 * decoder of its {@code return} value, for reading recorded replies and transcripts. Obtain one
 * from {@code QmpVocabulary.command(name)}.
 *
 * @param <A> the arguments type ({@link Void} for a command without arguments)
 * @param <R> the result type ({@link Void} for a command that returns {@code {}}; a
 *     {@code List} for one that returns an array)
 */
public final class QmpCommandInfo<A, R> {
    private final String name;
    private final Class<A> argumentsType;
    private final Class<?> resultType;
    private final boolean resultIsList;
    private final JsonDecoder<R> decoder;
    private final Function<R, JsonElement> encoder;
    private final QmpAvailability availability;

    /**
     * Describes a command.
     *
     * @param name the command name, such as {@code query-status}
     * @param argumentsType the arguments class, or {@link Void} when the command takes none
     * @param resultType the result class, the element class of a list result, or {@link Void}
     * @param resultIsList whether the result is a list of {@code resultType}
     * @param decoder decodes the {@code return} value
     * @param encoder encodes a result back into the {@code return} value
     * @param availability the captured QEMU versions that have the command
     */
    public QmpCommandInfo(String name, Class<A> argumentsType, Class<?> resultType, boolean resultIsList,
            JsonDecoder<R> decoder, Function<R, JsonElement> encoder, QmpAvailability availability) {
        this.name = Objects.requireNonNull(name, "name");
        this.argumentsType = Objects.requireNonNull(argumentsType, "argumentsType");
        this.resultType = Objects.requireNonNull(resultType, "resultType");
        this.resultIsList = resultIsList;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.availability = Objects.requireNonNull(availability, "availability");
    }

    /**
     * The command name.
     *
     * @return such as {@code query-status}
     */
    public String name() {
        return name;
    }

    /**
     * The Java type of the arguments.
     *
     * @return the class, empty for a command without arguments
     */
    public Optional<Class<A>> argumentsType() {
        return argumentsType == Void.class ? Optional.empty() : Optional.of(argumentsType);
    }

    /**
     * The Java type of the result, or of its elements when {@link #resultIsList()}.
     *
     * @return the class; {@link Void} for a command that returns {@code {}}
     */
    public Class<?> resultType() {
        return resultType;
    }

    /**
     * Whether the result is a list of {@link #resultType()}.
     *
     * @return true for a command that returns an array
     */
    public boolean resultIsList() {
        return resultIsList;
    }

    /**
     * The captured QEMU versions that have the command.
     *
     * @return the availability
     */
    public QmpAvailability availability() {
        return availability;
    }

    /**
     * Decodes a {@code return} value whose server is not known.
     *
     * @param returnValue the reply's {@code return} member
     * @return the result; null for a command that returns {@code {}}
     * @throws dev.qmp4j.core.QmpProtocolException when the value has the wrong JSON kind
     */
    public R decodeResult(JsonElement returnValue) {
        return decodeResult(returnValue, null);
    }

    /**
     * Decodes a {@code return} value of a server of the given version.
     *
     * @param returnValue the reply's {@code return} member
     * @param serverVersion the server's QEMU version, named when a member it left out is read;
     *     null when not known
     * @return the result; null for a command that returns {@code {}}
     * @throws dev.qmp4j.core.QmpProtocolException when the value has the wrong JSON kind
     */
    public R decodeResult(JsonElement returnValue, QmpVersion serverVersion) {
        return decoder.decode(returnValue, serverVersion);
    }

    /**
     * Encodes a result back into QMP's JSON form.
     *
     * @param result a result of this command
     * @return the {@code return} value; {@code {}} for a command without result
     */
    public JsonElement encodeResult(R result) {
        return encoder.apply(result);
    }

    /**
     * The JSON decoder of the result.
     *
     * @return the decoder
     */
    public JsonDecoder<R> resultDecoder() {
        return decoder;
    }

    @Override
    public String toString() {
        return "QmpCommandInfo[" + name + "]";
    }
}
