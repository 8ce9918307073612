package dev.qmp4j.core.internal.session;

import dev.qmp4j.core.internal.Durations;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpLimitExceededException;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.core.internal.transport.OutboundDescriptors;
import dev.qmp4j.core.internal.wire.ErrorMessage;
import dev.qmp4j.core.internal.wire.EventMessage;
import dev.qmp4j.core.internal.wire.MalformedReply;
import dev.qmp4j.core.internal.wire.ReplyId;
import dev.qmp4j.core.internal.wire.ReplyMessage;
import dev.qmp4j.core.internal.wire.ReturnMessage;
import dev.qmp4j.core.internal.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from submission to their end: ids, the pending limit, the in-band window with
 * {@code oob} ({@link CommandTracker}), timeouts, replies matched to their commands,
 * {@code COMMAND_DROPPED}. In-band commands carry ids only when
 * {@link dev.qmp4j.core.QmpClientOptions#inBandCommandIds()} is on; QEMU answers them in order,
 * so a reply without id is the oldest in-band command's either way.
 *
 * <p>Every path that takes a command out completes its future first, and stops its timer last: if
 * anything goes wrong in between, the session's end or the timer still completes it. A command
 * always ends, by its timeout at the latest, whatever the server sends.
 *
 * <p>{@link #submit} runs on the caller's thread and sends the command from there when nothing
 * waits before it (no loop wakeup on the way out); everything else runs on the loop thread. The
 * commands' state is guarded by one lock, held while a command is written, so that commands reach
 * the socket in the order the tracker has them.
 */
final class CommandRouter {
    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final SessionEngine engine;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    /** Guards {@link #tracker} and orders writes of commands. */
    private final Object lock = new Object();
    private final CommandTracker tracker;
    /** Completions for the callback executor, gathered while replies of one read are handled; under the lock. */
    private final List<Outcome> gathered = new ArrayList<>();
    /** Completions the callback executor would not take: the session's end fails them; under the lock. */
    private final List<Outcome> notHandedOver = new ArrayList<>();
    /** Commands handed to the loop thread and not yet dispatched there; under the lock. */
    private int handedToLoop;
    /** Whether completions are gathered now rather than handed over one by one; under the lock. */
    private boolean gathering;

    CommandRouter(SessionEngine engine) {
        this.engine = engine;
        this.tracker = new CommandTracker(engine.options.inBandCommandIds());
    }

    /** A fresh command id; the negotiation takes one too. */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** Caps in-band commands at the server; called when {@code oob} is negotiated. */
    void limitInBand() {
        synchronized (lock) {
            tracker.limitInBand();
        }
    }

    /**
     * Checks, encodes and counts a command on the caller's thread, and sends it now or queues it.
     *
     * @param waited whether the future is only ever waited on ({@code get}, {@code join},
     *     {@code cancel}) by code of ours, never given to user code: such a future is completed on
     *     the loop thread directly, sparing the hop through the callback executor
     * @param descriptors file descriptors to send with the command, or null: they are the router's
     *     until the command is sent, then the connection's; a command refused here closes them
     */
    CompletableFuture<JsonElement> submit(String name, JsonObject arguments, Duration timeout, boolean oob,
            boolean waited, OutboundDescriptors descriptors) {
        Objects.requireNonNull(name, "command");
        Objects.requireNonNull(timeout, "timeout");
        if (name.isBlank()) {
            throw refused(descriptors, new IllegalArgumentException("command name must not be blank"));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw refused(descriptors, new IllegalArgumentException("timeout must be positive, got "
                    + Durations.text(timeout)));
        }
        if (engine.teardown.cause() != null) {
            return CompletableFuture.failedFuture(refused(descriptors, engine.teardown.laterCallFailure(name)));
        }
        if (oob && !engine.handshake.enabled().contains("oob")) {
            return CompletableFuture.failedFuture(refused(descriptors, new QmpException("cannot run " + name
                    + " out of band: the 'oob' capability was not negotiated (offered: "
                    + engine.handshake.greeting().capabilities() + ", enabled: " + engine.handshake.enabled() + ")")));
        }
        int limit = engine.options.maxMessageBytes();
        long id = nextId();
        byte[] bytes;
        try {
            bytes = WireCodec.encodeCommand(name, arguments, oob || tracker.inBandIds ? id : null, oob);
        } catch (IllegalArgumentException e) {
            throw refused(descriptors, e);
        }
        if (bytes.length > limit) {
            return CompletableFuture.failedFuture(refused(descriptors, new QmpLimitExceededException("command " + name
                    + " is " + bytes.length + " bytes, over the limit of " + limit + " (maxMessageBytes)")));
        }
        if (pending.incrementAndGet() > engine.options.maxPendingCommands()) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(refused(descriptors, new QmpLimitExceededException("cannot run "
                    + name + ": " + engine.options.maxPendingCommands()
                    + " commands already wait for replies (maxPendingCommands)")));
        }
        PendingCommand cmd = new PendingCommand(id, name, bytes, oob, descriptors,
                System.nanoTime() + timeout.toNanos(), waited);
        synchronized (lock) {
            if (descriptors == null && handedToLoop == 0) {
                try {
                    dispatch(cmd, timeout);
                } catch (Throwable t) {
                    // As on the loop: whatever goes wrong while sending ends this session, and the command with it.
                    cmd.future.completeExceptionally(engine.endFromCaller(t));
                }
                return cmd.future;
            }
            // Descriptors go out on the loop thread, which alone writes to a socket that passes them; the
            // commands after them follow them there, so that none overtakes another.
            handedToLoop++;
        }
        engine.loop.execute(() -> engine.guard(() -> {
            synchronized (lock) {
                handedToLoop--;
                dispatch(cmd, timeout);
            }
        }));
        return cmd.future;
    }

    private void dispatch(PendingCommand cmd, Duration timeout) {
        synchronized (lock) {
            QmpSessionState state = engine.state();
            if (state != QmpSessionState.READY) {
                // The session ended (or is ending) since the check above; or it never reached command mode.
                fail(cmd, engine.teardown.cause() != null ? engine.teardown.laterCallFailure(cmd.name)
                        : new QmpException("cannot run " + cmd.name + ": session " + engine.endpoint
                                + " is not in command mode (state " + state + ")"));
                finish(cmd);
                return;
            }
            cmd.timer = engine.loop.schedule(() -> engine.guard(() -> timeOut(cmd, timeout)),
                    cmd.deadlineNanos - System.nanoTime());
            if (tracker.maySend(cmd)) {
                send(cmd);
            } else {
                tracker.enqueue(cmd);
            }
        }
    }

    private void send(PendingCommand cmd) {
        long queued = engine.queuedBytes();
        int limit = engine.options.maxMessageBytes();
        if (queued + cmd.bytes.length > limit) {
            // The server stopped reading: queueing more would only grow memory.
            fail(cmd, new QmpLimitExceededException("cannot send " + cmd.name + ": " + queued + " bytes already wait"
                    + " to be written to " + engine.endpoint + ", which is not reading (limit: maxMessageBytes "
                    + limit + ")"));
            finish(cmd);
            return;
        }
        // With commands already at the server this one can join a write of several: the server is busy anyway.
        boolean mayWait = !cmd.outOfBand && tracker.awaitingReplies();
        tracker.sent(cmd);
        engine.write(cmd.bytes, mayWait, cmd.descriptors);
    }

    private void sendWaiting() {
        PendingCommand next;
        while (engine.state() == QmpSessionState.READY && (next = tracker.nextToSend()) != null) {
            if (next.future.isDone()) {
                finish(next);
            } else {
                send(next);
            }
        }
    }

    private void timeOut(PendingCommand cmd, Duration timeout) {
        synchronized (lock) {
            timeOutLocked(cmd, timeout);
        }
    }

    private void timeOutLocked(PendingCommand cmd, Duration timeout) {
        fail(cmd, new QmpTimeoutException("command " + cmd.name + " got no reply within " + Durations.text(timeout)
                + (cmd.sent ? "" : " (it was still waiting to be sent)") + " on " + engine.endpoint));
        // A sent command keeps its place: QEMU still holds it, and its late reply is dropped when it comes.
        if (!cmd.sent && tracker.removeWaiting(cmd)) {
            finish(cmd);
        }
    }

    void onReply(ReplyMessage reply) {
        synchronized (lock) {
            gathering = true;
            try {
                onReplyLocked(reply);
            } finally {
                gathering = false;
            }
        }
    }

    /**
     * Hands the completions gathered during one read to the callback executor as one task: one
     * wakeup of a callback thread for all the replies a read brought. If the executor throws, the
     * session ends (the caller's guard) and its end fails those commands. Loop thread.
     */
    void handOverCompletions() {
        List<Outcome> batch;
        synchronized (lock) {
            if (gathered.isEmpty()) {
                return;
            }
            batch = List.copyOf(gathered);
            gathered.clear();
        }
        try {
            engine.callbacks.run(batch.size() == 1 ? batch.get(0)::apply : () -> batch.forEach(Outcome::apply));
        } catch (Throwable t) {
            synchronized (lock) {
                notHandedOver.addAll(batch);
            }
            throw t;
        }
    }

    private void onReplyLocked(ReplyMessage reply) {
        PendingCommand cmd = switch (reply.id().kind()) {
            // In-band commands sent without id, and input QEMU could not parse, are answered without one, in order.
            case ABSENT -> tracker.oldestInBand();
            case OURS -> tracker.sent(reply.id().value());
            case FOREIGN -> null;
        };
        if (cmd == null) {
            log.warn("{}: dropping a reply that matches no command: {}", engine.endpoint, reply.excerpt());
            return;
        }
        if (cmd.future.isDone()) {
            log.debug("{}: dropping late reply of {}", engine.endpoint, cmd);
        } else if (reply instanceof ReturnMessage success) {
            complete(cmd, success.value());
        } else if (reply instanceof ErrorMessage error) {
            fail(cmd, error.failure(cmd.name));
        } else {
            fail(cmd, ((MalformedReply) reply).failure(cmd.name));
        }
        tracker.removeSent(cmd);
        finish(cmd);
        sendWaiting();
    }

    /** QEMU 2.12/3.0 dropped commands on a full queue and said so with an event instead of a reply. */
    void onDropped(EventMessage.Dropped dropped) {
        synchronized (lock) {
            gathering = true;
            try {
                onDroppedLocked(dropped);
            } finally {
                gathering = false;
            }
        }
    }

    private void onDroppedLocked(EventMessage.Dropped dropped) {
        PendingCommand cmd = dropped.id().kind() == ReplyId.Kind.OURS ? tracker.sent(dropped.id().value()) : null;
        if (cmd == null) {
            return;
        }
        fail(cmd, new QmpCommandException(cmd.name, "COMMAND_DROPPED", "the server dropped the command: "
                + dropped.reason()));
        tracker.removeSent(cmd);
        finish(cmd);
        sendWaiting();
    }

    /**
     * Ends every command as the session ends: {@code quit} succeeds when the server closed after
     * SHUTDOWN ({@code quitEnded}), the others fail with {@code reason}. One whose completion fails
     * keeps its timer, which completes it at the latest.
     */
    void failAll(QmpException reason, boolean quitEnded) {
        try {
            handOverCompletions(); // replies that came before the end keep their results
        } catch (Throwable t) {
            log.warn("{}: could not hand over completions as the session ended; they fail with it", engine.endpoint, t);
        }
        synchronized (lock) {
            failAllLocked(reason, quitEnded);
            for (Outcome lost : notHandedOver) {
                QmpException failure = SessionTeardown.commandFailure(lost.cmd().name, reason);
                try {
                    engine.callbacks.run(() -> lost.cmd().future.completeExceptionally(failure));
                } catch (Throwable t) {
                    lost.cmd().future.completeExceptionally(failure); // its timer is gone: this is the last chance
                }
            }
            notHandedOver.clear();
        }
    }

    private void failAllLocked(QmpException reason, boolean quitEnded) {
        List<PendingCommand> all = tracker.all();
        for (PendingCommand cmd : all) {
            try {
                if (quitEnded && cmd.sent && cmd.name.equals("quit")) {
                    // QEMU may close the socket after SHUTDOWN before the reply of quit gets out; the close
                    // can even read as a reset when QEMU left our bytes unread.
                    complete(cmd, new JsonObject());
                } else {
                    fail(cmd, SessionTeardown.commandFailure(cmd.name, reason));
                }
                finish(cmd);
            } catch (Throwable t) {
                log.warn("{}: could not complete {} as the session ended; its timeout will", engine.endpoint, cmd, t);
            }
        }
        tracker.clear();
    }

    /** Closes the descriptors of a command refused before it was queued; returns {@code failure}. */
    private static <E extends Throwable> E refused(OutboundDescriptors descriptors, E failure) {
        if (descriptors != null) {
            descriptors.close();
        }
        return failure;
    }

    /** The command leaves: its timer stops and its place under the pending limit is free. */
    private void finish(PendingCommand cmd) {
        if (!cmd.sent && cmd.descriptors != null) {
            cmd.descriptors.close(); // never handed to the connection
        }
        engine.loop.cancel(cmd.timer);
        pending.decrementAndGet();
    }

    private void complete(PendingCommand cmd, JsonElement value) {
        if (cmd.waited) {
            cmd.future.complete(value);
        } else {
            handOver(new Outcome(cmd, value, null));
        }
    }

    private void fail(PendingCommand cmd, QmpException error) {
        if (cmd.waited) {
            cmd.future.completeExceptionally(error);
        } else {
            handOver(new Outcome(cmd, null, error));
        }
    }

    /** Under the lock: a completion for the callback executor, now or with the others of this read. */
    private void handOver(Outcome outcome) {
        if (gathering) {
            gathered.add(outcome);
        } else {
            engine.callbacks.run(outcome::apply);
        }
    }

    /** How a command ends: with its value, or with {@code error} when that is not null. */
    private record Outcome(PendingCommand cmd, JsonElement value, QmpException error) {
        void apply() {
            if (error == null) {
                cmd.future.complete(value);
            } else {
                cmd.future.completeExceptionally(error);
            }
        }
    }
}
