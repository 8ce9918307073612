package dev.qmp4j.core;

import dev.qmp4j.core.schema.ArgumentProblem;
import java.util.Objects;

/**
 * A typed call's arguments do not fit the server's {@code query-qmp-schema}: they set a member
 * this QEMU does not have, leave out one it requires, or give a value it does not take (the typed
 * vocabulary covers several QEMU versions, the connected one is only one of them). Nothing was
 * sent. {@link #reason()} says which, {@link #memberPath()} where, in the schema-path syntax of
 * {@link dev.qmp4j.core.schema.QmpSchema#supports(String)}.
 *
 * <p>It sits beside {@link QmpUnsupportedCommandException} rather than under it: here the server
 * has the command, and code that catches {@code QmpUnsupportedCommandException} to fall back to
 * another command must not take an argument that one QEMU lacks for a command it lacks. Catch
 * both to handle "not supported by this QEMU" as one case.
 *
 * <p>Only typed calls are checked; {@link QmpSession#execute(String, com.google.gson.JsonObject)}
 * sends whatever it is given, and the server answers for itself.
 */
public class QmpArgumentMismatchException extends QmpException {
    private static final long serialVersionUID = 1L;

    /** The command whose arguments do not fit. */
    private final String command;
    /** The server's QEMU version, from its greeting. */
    private final QmpVersion serverVersion;
    /** What does not fit. */
    private final ArgumentProblem.Reason reason;
    /** Where, as a schema path. */
    private final String memberPath;
    /** What is wrong, a phrase that follows the path ({@link ArgumentProblem#detail()}). */
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param command the command whose arguments do not fit
     * @param problem what does not fit, and where
     * @param serverVersion the server's QEMU version, from its greeting
     */
    public QmpArgumentMismatchException(String command, ArgumentProblem problem, QmpVersion serverVersion) {
        super(message(Objects.requireNonNull(problem, "problem"), serverVersion));
        this.command = Objects.requireNonNull(command, "command");
        this.serverVersion = serverVersion;
        this.reason = problem.reason();
        this.memberPath = problem.memberPath();
        this.detail = problem.detail();
    }

    private static String message(ArgumentProblem problem, QmpVersion serverVersion) {
        String qemu = "QEMU " + serverVersion;
        switch (problem.reason()) {
            case UNKNOWN_MEMBER:
                return qemu + " has no argument member " + problem.memberPath()
                        + " (its query-qmp-schema does not list it); nothing was sent";
            case MISSING_REQUIRED_MEMBER:
                return qemu + " requires the argument member " + problem.memberPath()
                        + ", which is missing (its query-qmp-schema lists it without a default); nothing was sent";
            default:
                return qemu + " does not accept the argument member " + problem.memberPath() + ": it "
                        + problem.detail() + "; nothing was sent";
        }
    }

    /**
     * The command whose arguments do not fit.
     *
     * @return the command name, such as {@code blockdev-add}
     */
    public String command() {
        return command;
    }

    /**
     * Where the first problem is, as a schema path.
     *
     * @return for example {@code blockdev-add/arg-type/+file/x-foo}
     */
    public String memberPath() {
        return memberPath;
    }

    /**
     * The server's QEMU version.
     *
     * @return the version from the greeting
     */
    public QmpVersion serverVersion() {
        return serverVersion;
    }

    /**
     * What kind of problem it is, for code to test without reading the message.
     *
     * @return {@link ArgumentProblem.Reason#UNKNOWN_MEMBER} (a member this QEMU lacks),
     *     {@link ArgumentProblem.Reason#MISSING_REQUIRED_MEMBER} (a member this QEMU requires),
     *     or a value this QEMU does not take
     */
    public ArgumentProblem.Reason reason() {
        return reason;
    }

    /**
     * The problem as {@link dev.qmp4j.core.schema.QmpSchema#checkArguments} reported it.
     *
     * @return the reason, path and detail
     */
    public ArgumentProblem problem() {
        return new ArgumentProblem(reason, memberPath, detail);
    }
}
