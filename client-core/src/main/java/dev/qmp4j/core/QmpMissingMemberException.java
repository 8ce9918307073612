package dev.qmp4j.core;

import java.util.Optional;

/**
 * A typed value was read for a member that the server did not send, though every QEMU version
 * qmp4j's vocabulary was generated from sends it: the server is a newer (or differently built)
 * QEMU that dropped the member. Decoding the reply succeeded; only reading this member fails.
 */
public class QmpMissingMemberException extends QmpProtocolException {
    private static final long serialVersionUID = 1L;

    /** The Java name of the type whose member is missing. */
    private final String type;
    /** The QMP name of the missing member. */
    private final String member;
    private final transient QmpVersion serverVersion;

    /**
     * Creates the exception.
     *
     * @param type the Java type of the value, such as {@code StatusInfo}
     * @param member the member's QMP name, such as {@code singlestep}
     * @param serverVersion the server's QEMU version, or null when the value was not decoded from
     *     a session's reply
     */
    public QmpMissingMemberException(String type, String member, QmpVersion serverVersion) {
        super(type + ": the server" + (serverVersion == null ? "" : " (QEMU " + serverVersion + ")")
                + " did not send the member '" + member + "', which every QEMU version this qmp4j knows sends");
        this.type = type;
        this.member = member;
        this.serverVersion = serverVersion;
    }

    /**
     * The Java type of the value.
     *
     * @return such as {@code StatusInfo}
     */
    public String type() {
        return type;
    }

    /**
     * The member's QMP name.
     *
     * @return such as {@code singlestep}
     */
    public String member() {
        return member;
    }

    /**
     * The server's QEMU version.
     *
     * @return the version, empty when the value was decoded without a session
     */
    public Optional<QmpVersion> serverVersion() {
        return Optional.ofNullable(serverVersion);
    }
}
