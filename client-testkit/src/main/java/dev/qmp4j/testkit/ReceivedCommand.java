package dev.qmp4j.testkit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * A command message as the simulator received it, recorded on arrival (before it is run), for
 * tests to check what a client sent.
 *
 * @param sequence position in the session's input, from 1, counting only command messages
 * @param name the {@code execute} or {@code exec-oob} command name
 * @param arguments the {@code arguments} member (copied; empty when absent)
 * @param id the {@code id} member, any JSON value, or empty when absent
 * @param outOfBand whether it came as {@code exec-oob}
 */
public record ReceivedCommand(long sequence, String name, JsonObject arguments, Optional<JsonElement> id,
                              boolean outOfBand) {

    /**
     * Validates and copies.
     *
     * @param sequence position in the session's input
     * @param name command name
     * @param arguments arguments, empty when absent
     * @param id the id, empty when absent
     * @param outOfBand whether it was {@code exec-oob}
     */
    public ReceivedCommand {
        Objects.requireNonNull(name, "name");
        arguments = Objects.requireNonNull(arguments, "arguments").deepCopy();
        id = Objects.requireNonNull(id, "id").map(JsonElement::deepCopy);
    }

    /**
     * The arguments.
     *
     * @return a copy of the arguments, empty when the command had none
     */
    @Override
    public JsonObject arguments() {
        return arguments.deepCopy();
    }

    /**
     * The id.
     *
     * @return a copy of the id, or empty when the command had none
     */
    @Override
    public Optional<JsonElement> id() {
        return id.map(JsonElement::deepCopy);
    }
}
