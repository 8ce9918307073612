package dev.qmp4j.testkit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * A command given to a {@link QmpCommandHandler}.
 *
 * @param command the command as received
 * @param session the session it came from (to push events or inspect state)
 */
public record QmpRequest(ReceivedCommand command, SimulatedSession session) {

    /**
     * Validates.
     *
     * @param command the command
     * @param session the session
     */
    public QmpRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(session, "session");
    }

    /**
     * The command name.
     *
     * @return the name
     */
    public String name() {
        return command.name();
    }

    /**
     * The arguments.
     *
     * @return a copy of the arguments, empty when absent
     */
    public JsonObject arguments() {
        return command.arguments();
    }

    /**
     * The id.
     *
     * @return the id, or empty when the command had none
     */
    public Optional<JsonElement> id() {
        return command.id();
    }

    /**
     * Whether it came as {@code exec-oob}.
     *
     * @return true for out-of-band
     */
    public boolean outOfBand() {
        return command.outOfBand();
    }
}
