package dev.qmp4j.core.typed;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpArgumentMismatchException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpUnsupportedCommandException;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.schema.ArgumentProblem;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The one entry point of every generated command method, in all three APIs: the core's
 * {@code QmpCommands}, the reactive {@code ReactiveQmpCommands} and the blocking
 * {@code BlockingQmpCommands} all end here, so what a typed call does is decided in one place.
 */
public final class TypedCall {
    private TypedCall() {
    }

    /**
     * Runs a command with the session's default command timeout and decodes its reply.
     *
     * @param session the session
     * @param command the command name, such as {@code query-status}
     * @param arguments the {@code arguments} object (copied before this returns), or null for a command without
     *     arguments; checked against the server's schema before it is sent
     * @param decoder turns the {@code return} value into the result type
     * @param <R> the result type ({@link Void} for commands that return {@code {}})
     * @return the decoded result; fails as {@link QmpSession#execute(String, JsonObject)} does, with
     *     {@link QmpUnsupportedCommandException} (nothing sent) when the server's schema lacks the
     *     command, with {@link QmpArgumentMismatchException} (nothing sent) when the arguments do
     *     not fit the command's arguments in the server's schema (see
     *     {@link dev.qmp4j.core.schema.QmpSchema#checkArguments(String, JsonObject)}), or with a
     *     {@link QmpProtocolException} naming the command when the reply cannot be decoded.
     *     Cancelling it cancels the command's own future.
     */
    public static <R> CompletableFuture<R> execute(QmpSession session, String command, JsonObject arguments,
            Function<JsonElement, R> decoder) {
        Objects.requireNonNull(decoder, "decoder");
        return call(session, command, arguments, (json, serverVersion) -> decoder.apply(json));
    }

    /**
     * Runs a command as {@link #execute} does, decoding its reply with the server's QEMU version,
     * so that a typed value names that version when a member the server left out is read.
     *
     * @param session the session
     * @param command the command name, such as {@code query-status}
     * @param arguments the {@code arguments} object (copied before this returns), or null for a
     *     command without arguments; checked against the server's schema before it is sent
     * @param decoder turns the {@code return} value into the result type
     * @param <R> the result type ({@link Void} for commands that return {@code {}})
     * @return the decoded result, failing as {@link #execute} does
     */
    public static <R> CompletableFuture<R> call(QmpSession session, String command, JsonObject arguments,
            JsonDecoder<R> decoder) {
        return call(session, command, arguments, null, decoder);
    }

    /**
     * Runs a command as {@link #call(QmpSession, String, JsonObject, JsonDecoder)} does, sending file
     * descriptors with it as {@link QmpSession#executeWithFileDescriptors} does; nothing is opened or
     * duplicated when the server's schema refuses the command or its arguments.
     *
     * @param session the session
     * @param command the command name, such as {@code getfd}
     * @param arguments the {@code arguments} object (copied before this returns), or null
     * @param descriptors the descriptors to send, or null for none
     * @param decoder turns the {@code return} value into the result type
     * @param <R> the result type ({@link Void} for commands that return {@code {}})
     * @return the decoded result, failing as {@link #execute} and
     *     {@link QmpSession#executeWithFileDescriptors} do
     */
    public static <R> CompletableFuture<R> call(QmpSession session, String command, JsonObject arguments,
            QmpFileDescriptors descriptors, JsonDecoder<R> decoder) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(decoder, "decoder");
        // a copy: the schema may come later, and what is checked must be what is sent
        JsonObject copy = arguments == null ? null : arguments.deepCopy();
        CompletableFuture<JsonElement> reply = executeIfSupported(session, command, copy, descriptors);
        QmpVersion serverVersion = session.greeting().version();
        CompletableFuture<R> result = reply.thenApply(json -> decode(command, json, decoder, serverVersion));
        // thenApply does not pass cancellation upstream: do it, so that a cancelled typed call
        // (a disposed Mono, a blocking call that timed out) also discards the command's reply.
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                reply.cancel(false);
            }
        });
        return result;
    }

    /**
     * Sends the command if the server's schema (fetched once per session) lists it and its
     * arguments fit it; otherwise fails fast with {@link QmpUnsupportedCommandException} or
     * {@link QmpArgumentMismatchException}, without sending anything. Cancelling the returned
     * future cancels the command.
     */
    private static CompletableFuture<JsonElement> executeIfSupported(QmpSession session, String command,
            JsonObject arguments, QmpFileDescriptors descriptors) {
        CompletableFuture<JsonElement> reply = new CompletableFuture<>();
        session.schema().whenComplete((schema, error) -> {
            if (error != null) {
                reply.completeExceptionally(error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            } else if (!schema.hasCommand(command)) {
                reply.completeExceptionally(new QmpUnsupportedCommandException(command, session.greeting().version()));
            } else if (!reply.isDone()) {
                Optional<ArgumentProblem> problem;
                try {
                    problem = schema.checkArguments(command, arguments);
                } catch (RuntimeException e) {
                    reply.completeExceptionally(e); // never leave the caller waiting
                    return;
                }
                if (problem.isPresent()) {
                    reply.completeExceptionally(
                            new QmpArgumentMismatchException(command, problem.get(), session.greeting().version()));
                    return;
                }
                CompletableFuture<JsonElement> sent = descriptors == null ? session.execute(command, arguments)
                        : session.executeWithFileDescriptors(command, arguments, descriptors);
                sent.whenComplete((value, failure) -> {
                    if (failure != null) {
                        reply.completeExceptionally(failure);
                    } else {
                        reply.complete(value);
                    }
                });
                reply.whenComplete((value, failure) -> {
                    if (reply.isCancelled()) {
                        sent.cancel(false);
                    }
                });
            }
        });
        return reply;
    }

    private static <R> R decode(String command, JsonElement json, JsonDecoder<R> decoder,
            QmpVersion serverVersion) {
        try {
            return decoder.decode(json, serverVersion);
        } catch (QmpProtocolException e) {
            throw new QmpProtocolException("cannot decode the reply of " + command + ": " + e.getMessage(), e);
        }
    }
}
