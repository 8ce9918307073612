package dev.qmp4j.testkit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What the simulator sends back for a command. Build one with the static factories and combine
 * with {@link #delayed(Duration)} and {@link #withoutId()}.
 *
 * <p>An in-band reply that is {@linkplain #delayed delayed} or {@linkplain #later pending} holds
 * back every in-band command behind it, as QEMU's single dispatcher does; out-of-band replies are
 * never held back.
 */
public sealed interface QmpReply {

    /**
     * {@code {"return": value}}.
     *
     * @param value the return value (copied)
     * @return the reply
     */
    static QmpReply success(JsonElement value) {
        return new Success(value);
    }

    /**
     * {@code {"return": {}}}, what QEMU sends for commands without a result.
     *
     * @return the reply
     */
    static QmpReply success() {
        return new Success(new JsonObject());
    }

    /**
     * {@code {"error": {"class": errorClass, "desc": desc}}}.
     *
     * @param errorClass for example {@code "GenericError"}
     * @param desc the human-readable text
     * @return the reply
     */
    static QmpReply error(String errorClass, String desc) {
        return new Error(errorClass, desc);
    }

    /**
     * Sends nothing at all. The command counts as answered, so later in-band commands proceed;
     * to hold them back too, use {@link #later} with a stage that never completes.
     *
     * @return the reply
     */
    static QmpReply none() {
        return None.INSTANCE;
    }

    /**
     * Sends the text as is, instead of a reply (no line end added).
     *
     * @param text any text, valid JSON or not (sent as UTF-8)
     * @return the reply
     */
    static QmpReply raw(String text) {
        return new Raw(text);
    }

    /**
     * Sends the reply the stage completes with, when it completes. A stage that fails sends a
     * GenericError with the failure's text.
     *
     * @param stage the eventual reply
     * @return the reply
     */
    static QmpReply later(CompletionStage<QmpReply> stage) {
        return new Later(stage);
    }

    /**
     * This reply, sent after a delay.
     *
     * @param delay how long to wait first
     * @return the delayed reply
     */
    default QmpReply delayed(Duration delay) {
        return new Delayed(this, delay);
    }

    /**
     * This reply without the command's id, as QEMU answers unparsable input.
     *
     * @return the reply without id
     */
    default QmpReply withoutId() {
        return new WithoutId(this);
    }

    /**
     * A success reply.
     *
     * @param value the return value
     */
    record Success(JsonElement value) implements QmpReply {
        /**
         * Validates and copies.
         *
         * @param value the return value
         */
        public Success {
            value = Objects.requireNonNull(value, "value").deepCopy();
        }

        /**
         * The value.
         *
         * @return a copy of the return value
         */
        @Override
        public JsonElement value() {
            return value.deepCopy();
        }
    }

    /**
     * An error reply.
     *
     * @param errorClass the error class
     * @param desc the error text
     */
    record Error(String errorClass, String desc) implements QmpReply {
        /**
         * Validates.
         *
         * @param errorClass the error class
         * @param desc the error text
         */
        public Error {
            Objects.requireNonNull(errorClass, "errorClass");
            Objects.requireNonNull(desc, "desc");
        }
    }

    /** No reply at all. */
    enum None implements QmpReply {
        /** The only instance. */
        INSTANCE
    }

    /**
     * Raw text instead of a reply.
     *
     * @param text the text
     */
    record Raw(String text) implements QmpReply {
        /**
         * Validates.
         *
         * @param text the text
         */
        public Raw {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A reply completed later.
     *
     * @param stage the eventual reply
     */
    record Later(CompletionStage<QmpReply> stage) implements QmpReply {
        /**
         * Validates.
         *
         * @param stage the eventual reply
         */
        public Later {
            Objects.requireNonNull(stage, "stage");
        }
    }

    /**
     * A reply sent after a delay.
     *
     * @param reply the reply
     * @param delay the delay
     */
    record Delayed(QmpReply reply, Duration delay) implements QmpReply {
        /**
         * Validates.
         *
         * @param reply the reply
         * @param delay the delay, not negative
         */
        public Delayed {
            Objects.requireNonNull(reply, "reply");
            if (Objects.requireNonNull(delay, "delay").isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }
    }

    /**
     * A reply sent without the command's id.
     *
     * @param reply the reply
     */
    record WithoutId(QmpReply reply) implements QmpReply {
        /**
         * Validates.
         *
         * @param reply the reply
         */
        public WithoutId {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
