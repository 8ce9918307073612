package dev.qmp4j.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Commands for the blocking API, whose futures only its own code waits on ({@code get},
 * {@code join}, {@code cancel}) and never hands to user code. They are completed on the I/O thread
 * directly: the waiting caller wakes one thread hop sooner than through the callback executor.
 * Not for users.
 */
public interface AwaitedCommands {
    /**
     * As {@link dev.qmp4j.core.QmpSession#execute(String, JsonObject, Duration)} and
     * {@link dev.qmp4j.core.QmpSession#executeOutOfBand(String, JsonObject, Duration)}, for a caller
     * that only waits on the result.
     *
     * @param command the command name
     * @param arguments the {@code arguments} object, or null for none
     * @param timeout time until the reply
     * @param outOfBand whether to run it with {@code exec-oob}
     * @return the reply's {@code return} value; never give this future to user code
     */
    CompletableFuture<JsonElement> executeAwaited(String command, JsonObject arguments, Duration timeout,
            boolean outOfBand);
}
