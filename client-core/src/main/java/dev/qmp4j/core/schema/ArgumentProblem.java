package dev.qmp4j.core.schema;

import java.util.Objects;

/**
 * The first thing in a command's arguments that a server's {@code query-qmp-schema} does not
 * accept, as found by {@link QmpSchema#checkArguments(String, com.google.gson.JsonObject)}.
 * Immutable.
 *
 * <p>{@code memberPath} is a schema path in libvirt's style, the one
 * {@link QmpSchema#supports(String)} reads: the command, {@code arg-type}, then one step per
 * member, {@code +case} for the variant of a union the arguments selected, for example
 * {@code blockdev-add/arg-type/+file/aio}. Arrays are stepped through, as in
 * {@code supports}, so the path names the member holding the array, not the element's index.
 *
 * @param reason what kind of problem it is, for code to test
 * @param memberPath where, such as {@code blockdev-add/arg-type/+file/x-foo}
 * @param detail what is wrong, a phrase that follows the path, such as
 *     {@code is not in this QEMU's schema}
 */
public record ArgumentProblem(Reason reason, String memberPath, String detail) {

    /** Why arguments do not fit the server's schema. */
    public enum Reason {
        /** The arguments set a member the server's schema does not have (an older QEMU, another build). */
        UNKNOWN_MEMBER,
        /** The server's schema requires a member (one without {@code default}) that the arguments leave out. */
        MISSING_REQUIRED_MEMBER,
        /** A string is not one of the server's enum values, or a union's tag names no case the server has. */
        UNKNOWN_ENUM_VALUE,
        /** A value has another JSON type than the server's schema asks for (a string where it wants an integer). */
        WRONG_JSON_TYPE
    }

    /**
     * Checks the components.
     *
     * @param reason what kind of problem it is
     * @param memberPath where
     * @param detail what is wrong
     */
    public ArgumentProblem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(memberPath, "memberPath");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * The path and what is wrong there, in one phrase.
     *
     * @return for example {@code blockdev-add/arg-type/+file/x-foo is not in this QEMU's schema}
     */
    @Override
    public String toString() {
        return memberPath + " " + detail;
    }
}
