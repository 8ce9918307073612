package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.internal.AwaitedCommands;
import dev.qmp4j.core.internal.Durations;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.ConnectionChanges;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.reconnect.ChangeHub;
import dev.qmp4j.core.internal.fdpass.DescriptorPassing;
import dev.qmp4j.core.internal.transport.LoopTimer;
import dev.qmp4j.core.internal.transport.OutboundDescriptors;
import dev.qmp4j.core.schema.QmpSchema;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The {@link QmpSession} users hold: it hands calls to the {@link SessionEngine}'s parts and adds
 * what is built on commands and events, the schema cache and {@link #executeAndAwaitEvent}.
 * Thread-safe.
 */
final class SessionFacade implements QmpSession, AwaitedCommands {
    private final SessionEngine engine;
    private final AtomicReference<CompletableFuture<QmpSchema>> schema = new AtomicReference<>();
    private final AtomicReference<ChangeHub> changes = new AtomicReference<>();

    SessionFacade(SessionEngine engine) {
        this.engine = engine;
    }

    @Override
    public QmpGreeting greeting() {
        return engine.handshake.greeting();
    }

    @Override
    public Set<String> enabledCapabilities() {
        return engine.handshake.enabled();
    }

    @Override
    public QmpEndpoint endpoint() {
        return engine.endpoint;
    }

    @Override
    public QmpClientOptions options() {
        return engine.options;
    }

    @Override
    public QmpSessionState state() {
        return engine.state();
    }

    @Override
    public CompletableFuture<QmpSchema> schema() {
        while (true) {
            CompletableFuture<QmpSchema> cached = schema.get();
            if (cached != null) {
                return cached.copy(); // a copy: a caller cancelling its future cannot spoil the shared one
            }
            CompletableFuture<QmpSchema> fetch = new CompletableFuture<>();
            if (schema.compareAndSet(null, fetch)) {
                execute("query-qmp-schema").thenApply(QmpSchema::of).whenComplete((s, error) -> {
                    if (error != null) {
                        schema.compareAndSet(fetch, null); // let a later call try again
                        fetch.completeExceptionally(error instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : error);
                    } else {
                        fetch.complete(s);
                    }
                });
                return fetch.copy();
            }
        }
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command) {
        return engine.commands.submit(command, null, engine.options.commandTimeout(), false, false, null);
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command, JsonObject arguments) {
        return engine.commands.submit(command, arguments, engine.options.commandTimeout(), false, false, null);
    }

    @Override
    public CompletableFuture<JsonElement> execute(String command, JsonObject arguments, Duration timeout) {
        return engine.commands.submit(command, arguments, timeout, false, false, null);
    }

    @Override
    public CompletableFuture<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors) {
        return executeWithFileDescriptors(command, arguments, descriptors, engine.options.commandTimeout());
    }

    @Override
    public CompletableFuture<JsonElement> executeWithFileDescriptors(String command, JsonObject arguments,
            QmpFileDescriptors descriptors, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(descriptors, "descriptors");
        Objects.requireNonNull(timeout, "timeout");
        if (engine.teardown.cause() != null) {
            return CompletableFuture.failedFuture(engine.teardown.laterCallFailure(command));
        }
        String refusal = DescriptorPassing.refusal(command, engine.endpoint, engine.options.fileDescriptorPassing(),
                engine.loop.sockets());
        if (refusal != null) {
            return CompletableFuture.failedFuture(new QmpException(refusal));
        }
        OutboundDescriptors outbound;
        try {
            outbound = DescriptorPassing.prepare(command, descriptors);
        } catch (QmpException e) {
            return CompletableFuture.failedFuture(e);
        }
        return engine.commands.submit(command, arguments, timeout, false, false, outbound);
    }

    @Override
    public CompletableFuture<JsonElement> executeOutOfBand(String command, JsonObject arguments, Duration timeout) {
        return engine.commands.submit(command, arguments, timeout, true, false, null);
    }

    @Override
    public CompletableFuture<JsonElement> executeAwaited(String command, JsonObject arguments, Duration timeout,
            boolean outOfBand) {
        return engine.commands.submit(command, arguments, timeout, outOfBand, true, null);
    }

    @Override
    public CompletableFuture<QmpEvent> executeAndAwaitEvent(String command, JsonObject arguments, String eventName,
            Predicate<QmpEvent> matches, Duration timeout) {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(matches, "matches");
        EventSubscription subscription = subscribe(eventName);
        CompletableFuture<JsonElement> reply;
        try {
            reply = execute(command, arguments, timeout);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        CompletableFuture<QmpEvent> result = new CompletableFuture<>();
        result.whenComplete((event, error) -> subscription.close());
        reply.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                // The clock for the event starts once the command succeeded.
                engine.loop.execute(() -> {
                    LoopTimer timer = engine.loop.schedule(() -> engine.callbacks.run(() -> result.completeExceptionally(
                            new QmpTimeoutException("no matching " + eventName + " event within " + Durations.text(timeout)
                                    + " after " + command + " on " + engine.endpoint))), timeout.toNanos());
                    result.whenComplete((event, e) -> engine.loop.execute(() -> engine.loop.cancel(timer)));
                });
            }
        });
        awaitMatch(subscription, matches, result);
        return result;
    }

    /** Takes events until one matches or {@code result} is done; buffered events are checked in a loop, not by recursion. */
    private static void awaitMatch(EventSubscription subscription, Predicate<QmpEvent> matches,
            CompletableFuture<QmpEvent> result) {
        while (!result.isDone()) {
            CompletableFuture<QmpEvent> next = subscription.next();
            if (!next.isDone()) {
                next.whenComplete((event, error) -> {
                    if (error == null ? check(event, matches, result) : result.completeExceptionally(error)) {
                        return;
                    }
                    awaitMatch(subscription, matches, result);
                });
                return;
            }
            QmpEvent event;
            try {
                event = next.join();
            } catch (RuntimeException e) {
                result.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                return;
            }
            check(event, matches, result);
        }
    }

    /** Completes {@code result} when the event matches or the predicate throws; returns whether it is done. */
    private static boolean check(QmpEvent event, Predicate<QmpEvent> matches, CompletableFuture<QmpEvent> result) {
        try {
            if (matches.test(event)) {
                result.complete(event);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result.isDone();
    }

    @Override
    public EventSubscription subscribe() {
        return engine.events.subscribe(EventSubscriptionOptions.defaults());
    }

    @Override
    public EventSubscription subscribe(String... eventNames) {
        return engine.events.subscribe(EventSubscriptionOptions.builder().eventNames(eventNames).build());
    }

    @Override
    public EventSubscription subscribe(EventSubscriptionOptions options) {
        return engine.events.subscribe(Objects.requireNonNull(options, "options"));
    }

    @Override
    public ConnectionChanges connectionChanges() {
        ChangeHub hub = changes.get();
        if (hub == null) {
            changes.compareAndSet(null, ChangeHub.following(this, engine.callbacks));
            hub = changes.get();
        }
        return hub.subscribe();
    }

    @Override
    public CompletableFuture<Void> whenClosed() {
        return engine.teardown.whenClosed();
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "QmpSession[" + engine.endpoint + ", " + engine.state() + "]";
    }
}
