package dev.qmp4j.core.internal.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * A reply's {@code id} as the session sees it. Ids the client sends are whole numbers; QEMU echoes
 * them as sent, and answers input it could not parse without one.
 *
 * @param kind absent, one of ours, or foreign (anything else: never a command of this client)
 * @param value the id, for {@link Kind#OURS}
 */
public record ReplyId(Kind kind, long value) {
    /** A reply without id: QEMU's answer to input it could not parse. */
    public static final ReplyId ABSENT = new ReplyId(Kind.ABSENT, 0);
    /** An id that cannot be one of ours (a string, a fraction, an object...). */
    public static final ReplyId FOREIGN = new ReplyId(Kind.FOREIGN, 0);

    /** What kind of id a reply has. */
    public enum Kind {
        /** No id. */
        ABSENT,
        /** A whole number: possibly one of ours. */
        OURS,
        /** Anything else. */
        FOREIGN
    }

    /**
     * Reads an id.
     *
     * @param id the {@code id} member, or null when there is none
     * @return the id
     */
    public static ReplyId of(JsonElement id) {
        if (id == null) {
            return ABSENT;
        }
        if (id instanceof JsonPrimitive p && p.isNumber()) {
            try {
                return new ReplyId(Kind.OURS, Long.parseLong(p.getAsString()));
            } catch (NumberFormatException e) {
                return FOREIGN; // 1.5, 1e3, or beyond a long
            }
        }
        return FOREIGN;
    }

    /**
     * Whether this is the given id of ours.
     *
     * @param id an id the client sent
     * @return true when it is that id
     */
    public boolean is(long id) {
        return kind == Kind.OURS && value == id;
    }
}
