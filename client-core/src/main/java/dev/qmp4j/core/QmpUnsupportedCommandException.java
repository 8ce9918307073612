package dev.qmp4j.core;

/**
 * A typed call named a command that the server's {@code query-qmp-schema} does not list: an
 * older QEMU, a build without that feature, or a deprecated command hidden by
 * {@code -compat deprecated-input=reject}. Nothing was sent.
 */
public class QmpUnsupportedCommandException extends QmpException {
    private static final long serialVersionUID = 1L;

    /** The command the server lacks. */
    private final String command;
    /** The server's QEMU version, from its greeting. */
    private final QmpVersion serverVersion;

    /**
     * Creates the exception.
     *
     * @param command the command the server lacks
     * @param serverVersion the server's QEMU version, from its greeting
     */
    public QmpUnsupportedCommandException(String command, QmpVersion serverVersion) {
        super("QEMU " + serverVersion + " has no command " + command + " (its query-qmp-schema does not list it)");
        this.command = command;
        this.serverVersion = serverVersion;
    }

    /**
     * The command the server lacks.
     *
     * @return the command name
     */
    public String command() {
        return command;
    }

    /**
     * The server's QEMU version.
     *
     * @return the version from the greeting
     */
    public QmpVersion serverVersion() {
        return serverVersion;
    }
}
