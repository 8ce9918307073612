package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.internal.Durations;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.transport.LoopTimer;
import dev.qmp4j.core.internal.wire.ErrorMessage;
import dev.qmp4j.core.internal.wire.GreetingMessage;
import dev.qmp4j.core.internal.wire.MalformedReply;
import dev.qmp4j.core.internal.wire.ReplyId;
import dev.qmp4j.core.internal.wire.ReplyMessage;
import dev.qmp4j.core.internal.wire.WireCodec;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into command mode: the greeting, {@code qmp_capabilities} with the capabilities both
 * offered and wanted, its reply, all within the connect timeout. Completes the caller's connect
 * future in command mode, or fails it with why the session ended first. Loop thread, but for the
 * greeting and capabilities, which any thread may read.
 */
final class Handshake {
    private static final Logger log = LoggerFactory.getLogger(Handshake.class);

    private final SessionEngine engine;
    private final CompletableFuture<QmpSession> connected;
    private volatile QmpGreeting greeting;
    private volatile Set<String> enabled = Set.of();
    // Loop-thread state.
    private LoopTimer timer;
    private long negotiationId = -1;
    private boolean commandMode;

    Handshake(SessionEngine engine, CompletableFuture<QmpSession> connected) {
        this.engine = engine;
        this.connected = connected;
    }

    QmpGreeting greeting() {
        return greeting;
    }

    Set<String> enabled() {
        return enabled;
    }

    /** Starts the clock for connecting, greeting and negotiation. */
    void startTimer() {
        Duration timeout = engine.options.connectTimeout();
        timer = engine.loop.schedule(() -> engine.guard(() -> engine.teardown.end(new QmpTimeoutException(
                "no QMP command mode on " + engine.endpoint + " within " + Durations.text(timeout) + " (state " + engine.state() + ")"))),
                timeout.toNanos());
    }

    void onGreeting(GreetingMessage message) {
        if (engine.state() != QmpSessionState.GREETING) {
            throw new QmpProtocolException("unexpected second greeting in state " + engine.state() + ": "
                    + message.excerpt());
        }
        QmpGreeting g = message.greeting();
        greeting = g;
        Set<String> enable = new TreeSet<>(g.capabilities());
        enable.retainAll(engine.options.capabilities());
        JsonObject arguments = new JsonObject();
        if (!enable.isEmpty()) {
            JsonArray list = new JsonArray();
            enable.forEach(list::add);
            arguments.add("enable", list);
        }
        enabled = Set.copyOf(enable);
        negotiationId = engine.commands.nextId();
        engine.state(QmpSessionState.NEGOTIATING);
        engine.write(WireCodec.encodeCommand("qmp_capabilities", arguments, negotiationId, false), false, null);
    }

    void onReply(ReplyMessage reply) {
        if (reply.id().kind() != ReplyId.Kind.ABSENT && !reply.id().is(negotiationId)) {
            log.warn("{}: dropping a reply that matches no command: {}", engine.endpoint, reply.excerpt());
            return;
        }
        if (reply instanceof ErrorMessage error) {
            engine.teardown.end(error.failure("qmp_capabilities"));
            return;
        }
        if (reply instanceof MalformedReply malformed) {
            engine.teardown.end(malformed.failure("qmp_capabilities"));
            return;
        }
        if (enabled.contains("oob")) {
            engine.commands.limitInBand();
        }
        engine.loop.cancel(timer);
        commandMode = true;
        engine.state(QmpSessionState.READY);
        log.debug("{}: command mode, capabilities {}", engine.endpoint, enabled);
        engine.callbacks.run(() -> {
            if (!connected.complete(engine.session)) {
                engine.close(); // the caller gave up (cancelled the connect): nobody will ever close this session
            }
        });
    }

    /** The session ended: the clock stops, and a connect still waiting fails with {@code reason}. */
    void fail(QmpException reason) {
        engine.loop.cancel(timer);
        if (!commandMode) {
            engine.callbacks.run(() -> connected.completeExceptionally(reason));
        }
    }
}
