package dev.qmp4j.e2e.fuzz;

import java.util.EnumSet;
import java.util.Set;

/** A kind of hostility the scripted server shows; each case combines a few. */
enum Family {
    // ---- values and members (structure-aware) ----
    /** A member holds a value of another type: id as string/object/array, class not a string, data not an object. */
    WRONG_TYPE,
    /** A member is left out (id, return, class, QMP, version...). */
    MISSING_MEMBER,
    /** An unexpected member: both return and error, event in a reply, a duplicate key. */
    EXTRA_MEMBER,
    /** A value nested 1,100 or 2,000 levels deep: past QMP's limit of 1024, well within a thread's stack. */
    DEEP_NESTING,
    /** A value nested 10,000 or 50,000 levels deep: deeper than a recursive walk survives. */
    VERY_DEEP_NESTING,
    /** 1e400, 2^200, -0, 1.5e-400, 1E+999999999 and 5,000-digit numbers. */
    HUGE_NUMBER,
    /** A string of 64 KB up to just under maxMessageBytes. */
    HUGE_STRING,
    /** A message over maxMessageBytes. */
    OVERSIZED_MESSAGE,
    /** Invalid UTF-8 inside strings or between tokens. */
    INVALID_UTF8,
    /** NUL bytes, raw or escaped, inside strings or between tokens. */
    NUL_BYTES,
    /** Raw control characters inside strings or between tokens. */
    CONTROL_CHARS,
    /** A message that is an array, a string, a number or a literal. */
    NOT_AN_OBJECT,
    /** A reply before the greeting, a second greeting, replies with unknown, missing or repeated ids. */
    MISPLACED_MESSAGE,
    /** COMMAND_DROPPED for a pending id (string reason), an unknown id or an id of another type. */
    COMMAND_DROPPED,
    /** COMMAND_DROPPED for a pending id whose reason is not a string. */
    COMMAND_DROPPED_BAD_REASON,
    /** 1,100 to 3,100 events at once: more than a subscription buffers (1024). */
    EVENT_FLOOD,
    // ---- bytes ----
    /** Some bytes of a phase XORed with random values. */
    FLIP_BYTES,
    /** The server closes in the middle of a phase, usually mid-message. */
    TRUNCATE,
    /** A message or a byte range sent twice. */
    DUPLICATE,
    /** Garbage between messages: stray brackets, commas, text, 0xFF, single quotes. */
    GARBAGE_BETWEEN,
    // ---- delivery ----
    /** Many small writes, so that messages and characters are split between reads. */
    SPLIT_WRITES,
    /** A reply comes only after its command timed out, and the server keeps the connection open meanwhile. */
    HOLD_OPEN;

    /** The families that change what is sent, as opposed to how. */
    static final Set<Family> CONTENT = EnumSet.range(WRONG_TYPE, GARBAGE_BETWEEN);
}
