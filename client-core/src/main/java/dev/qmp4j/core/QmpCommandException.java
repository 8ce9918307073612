package dev.qmp4j.core;

import java.util.Objects;

/**
 * The server answered a command with an error. Keeps the error class (as an enum and as the raw
 * string), the server's description and the name of the command.
 *
 * <p>Do not parse {@link #description()}: its text is not part of QEMU's interface.
 */
public class QmpCommandException extends QmpException {
    private static final long serialVersionUID = 1L;

    /** The name of the command that failed. */
    private final String command;
    /** The {@code class} member of the error, as sent. */
    private final String rawErrorClass;
    /** The {@code desc} member of the error, as sent. */
    private final String description;

    /**
     * Creates the exception from an error reply.
     *
     * @param command the name of the command that failed
     * @param rawErrorClass the {@code class} member of the error, as sent
     * @param description the {@code desc} member of the error, as sent
     */
    public QmpCommandException(String command, String rawErrorClass, String description) {
        super(command + " failed: " + rawErrorClass + ": " + description);
        this.command = Objects.requireNonNull(command, "command");
        this.rawErrorClass = Objects.requireNonNull(rawErrorClass, "rawErrorClass");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * The command that failed, such as {@code device_del}.
     *
     * @return the command name
     */
    public String command() {
        return command;
    }

    /**
     * The error class; {@link QmpErrorClass#UNKNOWN} for a class this version does not know.
     *
     * @return the error class
     */
    public QmpErrorClass errorClass() {
        return QmpErrorClass.fromWireName(rawErrorClass);
    }

    /**
     * The error class exactly as the server sent it, such as {@code GenericError}.
     *
     * @return the raw class name
     */
    public String rawErrorClass() {
        return rawErrorClass;
    }

    /**
     * The server's human-readable description of the error.
     *
     * @return the {@code desc} text
     */
    public String description() {
        return description;
    }
}
