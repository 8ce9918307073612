package dev.qmp4j.samples.cli;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ShellInterpreter} behaves.
 *
 * @param timeout the time each command may take
 * @param humanMonitor whether every line is a human monitor command ({@code qmp shell -H})
 * @param pretty whether results print as indented JSON (else one line each)
 * @param log where to log every command and response, if anywhere
 */
public record ShellOptions(Duration timeout, boolean humanMonitor, boolean pretty, Optional<ShellLog> log) {
    /**
     * Checks the options.
     *
     * @throws NullPointerException for a missing timeout or log
     */
    public ShellOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(log, "log");
    }

    /**
     * The defaults: QMP mode, pretty results, no log.
     *
     * @param timeout the time each command may take
     * @return the options
     */
    public static ShellOptions of(Duration timeout) {
        return new ShellOptions(timeout, false, true, Optional.empty());
    }

    /**
     * These options in human monitor mode, or not.
     *
     * @param on whether every line is a human monitor command
     * @return the changed options
     */
    public ShellOptions withHumanMonitor(boolean on) {
        return new ShellOptions(timeout, on, pretty, log);
    }

    /**
     * These options with pretty or compact results.
     *
     * @param on true for indented JSON, false for one line per result
     * @return the changed options
     */
    public ShellOptions withPretty(boolean on) {
        return new ShellOptions(timeout, humanMonitor, on, log);
    }

    /**
     * These options with a log.
     *
     * @param to the log to write every command and response to
     * @return the changed options
     */
    public ShellOptions withLog(ShellLog to) {
        return new ShellOptions(timeout, humanMonitor, pretty, Optional.of(to));
    }
}
