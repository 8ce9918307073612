package dev.qmp4j.samples.cli;

import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.launch.QemuLaunchException;

/** The exit codes of {@code qmp}: part of its interface, kept stable. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The server answered with an error ({@code CLASS: desc} on stderr). */
    public static final int QMP_ERROR = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The connection could not be made or was lost, or the server broke the protocol. */
    public static final int CONNECTION = 3;
    /** No answer in time. */
    public static final int TIMEOUT = 4;

    private ExitCodes() {
    }

    /**
     * The exit code for a failure.
     *
     * @param failure what went wrong
     * @return {@link #QMP_ERROR}, {@link #TIMEOUT} or {@link #CONNECTION}
     */
    public static int of(Throwable failure) {
        if (failure instanceof QmpCommandException) {
            return QMP_ERROR;
        }
        if (failure instanceof QmpTimeoutException
                || failure instanceof QemuLaunchException && failure.getCause() instanceof QmpTimeoutException) {
            return TIMEOUT; // a QEMU that did not connect within --timeout ran out of time too
        }
        return CONNECTION;
    }

    /**
     * The one line printed on stderr for a failure: {@code CLASS: desc} for a server error,
     * the message otherwise.
     *
     * @param failure what went wrong
     * @return the line, without "qmp:" prefix for server errors
     */
    public static String describe(Throwable failure) {
        if (failure instanceof QmpCommandException e) {
            return e.rawErrorClass() + ": " + e.description();
        }
        return "qmp: " + (failure.getMessage() != null ? failure.getMessage() : failure.toString());
    }
}
