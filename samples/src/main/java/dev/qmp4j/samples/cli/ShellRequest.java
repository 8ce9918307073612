package dev.qmp4j.samples.cli;

import com.google.gson.JsonObject;

/**
 * What one shell line (or a finished transaction) asks to run.
 *
 * @param command the QMP command, such as {@code query-status} or {@code human-monitor-command}
 * @param arguments its arguments, possibly empty
 * @param human whether it runs a human monitor command, whose result is text to print as is
 */
public record ShellRequest(String command, JsonObject arguments, boolean human) {
    /** The command that runs a human monitor command. */
    public static final String HUMAN_MONITOR_COMMAND = "human-monitor-command";

    /**
     * A human monitor command.
     *
     * @param commandLine such as {@code info status}
     * @return the request running it through {@code human-monitor-command}
     */
    public static ShellRequest human(String commandLine) {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("command-line", commandLine);
        return new ShellRequest(HUMAN_MONITOR_COMMAND, arguments, true);
    }

    /**
     * Whether running this ends QEMU: QMP {@code quit}, or the human monitor's {@code quit} / {@code q}.
     *
     * @return true for a request after which QEMU may close the connection without replying
     */
    public boolean quits() {
        if (!human) {
            return command.equals("quit");
        }
        String line = arguments.get("command-line").getAsString().strip();
        return line.equals("quit") || line.equals("q");
    }
}
