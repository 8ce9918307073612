package dev.qmp4j.e2e.fuzz;

import static dev.qmp4j.e2e.fuzz.Excerpts.describe;
import static dev.qmp4j.e2e.fuzz.Excerpts.excerpt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import dev.qmp4j.e2e.fuzz.ClientPlan.Action;
import dev.qmp4j.e2e.fuzz.FuzzFailure.Invariant;
import dev.qmp4j.e2e.fuzz.SessionScript.Expected;
import dev.qmp4j.e2e.fuzz.SessionScript.Sent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One case: the client connects to the scripted server and runs the script's commands while the
 * server plays its phases; every future must then settle by its timeout (plus a grace) with a
 * value or a {@link QmpException}, and a valid session must give exactly the scripted results.
 */
final class FuzzCase {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final QmpClient client;
    private final ScriptedPeer peer;
    private final SessionScript script;
    private final long graceNanos;
    private final Duration timeout;
    private final List<FuzzFailure> failures = new ArrayList<>();
    /** Whether every failure so far could come from a starved machine: late futures, timeouts of valid commands. */
    private boolean slowOnly = true;
    /** Where a case run alone tells what it does; null in a batch. */
    private final PrintStream trace;

    /** A future's end: its value, its failure, or neither when it was still pending at its deadline. */
    private record Settled<T>(T value, Throwable error, boolean done) {
    }

    /** A command the client was asked to run, and until when it must have settled. */
    private record Issued(String label, String command, CompletableFuture<?> future, long deadline, boolean onWire) {
    }

    FuzzCase(QmpClient client, ScriptedPeer peer, SessionScript script, Duration grace, PrintStream trace) {
        this.trace = trace;
        this.client = client;
        this.peer = peer;
        this.script = script;
        this.graceNanos = grace.toNanos();
        this.timeout = client.options().commandTimeout();
    }

    /**
     * Whether the case failed only in ways a machine too busy to keep the timeouts can cause, so
     * that it must fail again alone to count.
     */
    boolean failedOnlyBySlowness() {
        return !failures.isEmpty() && slowOnly;
    }

    List<FuzzFailure> run() throws IOException {
        long start = System.nanoTime();
        long connectDeadline = start + client.options().connectTimeout().toNanos() + graceNanos;
        CompletableFuture<QmpSession> connecting = call("connect", () -> client.connect(peer.endpoint()));
        if (script.plan.cancelConnect && connecting != null) {
            connecting.cancel(true); // the client gives up: it must still close its socket (the fd check sees it)
            connecting = null;
        }
        if (peer.accept(start + graceNanos)) {
            send(script.greeting(), connectDeadline);
            CompletableFuture<QmpSession> connectFuture = connecting;
            List<Sent> negotiation = readCommands(1, () -> connectFuture == null || connectFuture.isDone(),
                    connectDeadline);
            if (!negotiation.isEmpty()) {
                send(script.negotiationReply(negotiation.get(0)), connectDeadline);
            }
        }
        Settled<QmpSession> connected = settle("connect", connecting, connectDeadline);
        if (connected.value() != null) {
            runCommands(connected.value());
        } else if (script.isValid()) {
            wrong("connect", "a valid session did not connect: " + describe(connected.error()), connected.error());
        }
        peer.hangUp();
        return failures;
    }

    private void runCommands(QmpSession session) throws IOException {
        EventSubscription events = call("subscribe()", session::subscribe);
        List<CompletableFuture<QmpEvent>> nexts = new ArrayList<>();
        for (int i = 0; events != null && i < 2; i++) {
            nexts.add(call("next()", events::next));
        }
        List<Issued> issued = new ArrayList<>();
        for (int i = 0; i < script.plan.actions.size(); i++) {
            issued.add(issue(session, script.plan.actions.get(i), script.plan.commands.get(i)));
        }
        List<Issued> onWire = issued.stream().filter(Issued::onWire).toList();
        long now = System.nanoTime();
        List<Sent> sent = readCommands(onWire.size(), () -> session.state() == QmpSessionState.CLOSED, now + graceNanos);
        issued.stream().filter(c -> c.label().startsWith("execute_cancelled")).forEach(c -> c.future().cancel(true));
        if (script.plan.closeEarly) {
            session.close(); // before any reply: every command must fail at once
        }
        send(script.body(sent), now + 4 * graceNanos); // up to a megabyte, at worst in 16-byte writes
        boolean hungUp = script.truncated() || !script.holdsOpen();
        if (hungUp) {
            peer.hangUp();
        }
        for (Issued c : issued) {
            if (c.future().isCancelled()) {
                continue; // cancelled by us: its reply, when it comes, must simply be dropped
            }
            Settled<?> s = settle(c.label(), c.future(), c.deadline());
            int wireIndex = onWire.indexOf(c);
            if (script.isValid() && wireIndex >= 0 && wireIndex < sent.size()) {
                checkScripted(c, sent.get(wireIndex), s);
            }
        }
        if (hungUp) {
            // The server closed: the session must end by itself (and by then every event has been handed out).
            settle("closeFuture after EOF", session.whenClosed(), System.nanoTime() + graceNanos);
        } else {
            send(script.lateReply(), System.nanoTime() + graceNanos); // for a command that has timed out by now
        }
        long closing = System.nanoTime();
        session.close();
        if (System.nanoTime() - closing > graceNanos) {
            fail(Invariant.OUTLIVED_ITS_TIMEOUT, "close()", "took " + (System.nanoTime() - closing) / 1_000_000 + " ms");
        }
        List<String> names = new ArrayList<>();
        for (CompletableFuture<QmpEvent> next : nexts) {
            QmpEvent event = settle("next()", next, System.nanoTime() + graceNanos).value();
            names.add(event == null ? null : event.name());
        }
        settle("closeFuture", session.whenClosed(), System.nanoTime() + graceNanos);
        if (script.isValid()) {
            List<String> scripted = script.bodyEvents().subList(0, Math.min(2, script.bodyEvents().size()));
            if (names.size() < scripted.size() || !names.subList(0, scripted.size()).equals(scripted)) {
                wrong("next()", "events " + names + ", scripted " + script.bodyEvents(), null);
            }
        }
    }

    private Issued issue(QmpSession session, Action action, String name) {
        long at = System.nanoTime();
        CompletableFuture<?> future = switch (action) {
            case EXECUTE, EXECUTE_CANCELLED, QUIT -> call("execute(" + name + ")", () -> session.execute(name));
            case EXECUTE_OOB -> call("executeOutOfBand(" + name + ")",
                    () -> session.executeOutOfBand(name, null, timeout));
            case SCHEMA -> call("schema()", session::schema);
            case AWAIT_EVENT -> call("executeAndAwaitEvent(" + name + ")", () -> session.executeAndAwaitEvent(name, null,
                    ClientPlan.AWAITED_EVENT, e -> true, timeout));
        };
        // executeAndAwaitEvent waits for the reply, then as long again for the event.
        long deadline = at + timeout.toNanos() * (action == Action.AWAIT_EVENT ? 2 : 1) + graceNanos;
        String label = action == Action.SCHEMA ? "schema()" : action.name().toLowerCase() + "(" + name + ")";
        return new Issued(label, name, future == null ? CompletableFuture.completedFuture(null) : future, deadline,
                future != null && !future.isDone());
    }

    /** What a valid session must give: the scripted value or command error. */
    private void checkScripted(Issued c, Sent sent, Settled<?> s) {
        if (!sent.name().equals(c.command())) {
            wrong(c.label(), "the server read " + sent.name() + " in its place", null);
            return;
        }
        Expected e = script.expected(sent).orElse(Expected.ANY);
        if (e.value() != null) {
            JsonElement want = JsonParser.parseString(new String(JsonText.render(e.value(), JsonText.Layout.COMPACT),
                    StandardCharsets.UTF_8));
            if (!want.equals(s.value())) {
                wrong(c.label(), "scripted value " + want + ", got "
                        + (s.value() != null ? s.value() : describe(s.error())), s.error());
            }
        } else if (e.errorClass() != null) {
            if (!(s.error() instanceof QmpCommandException ce) || !ce.rawErrorClass().equals(e.errorClass())
                    || !ce.description().equals(e.errorDesc())) {
                wrong(c.label(), "scripted error " + e.errorClass() + " '" + e.errorDesc() + "', got "
                        + (s.error() != null ? describe(s.error()) : "a value"), s.error());
            }
        }
    }

    /** Reads up to {@code n} commands until the deadline, the client closing, or {@code stop}. */
    private List<Sent> readCommands(int n, BooleanSupplier stop, long deadline) throws IOException {
        List<Sent> sent = new ArrayList<>();
        while (sent.size() < n && !peer.clientGone() && !stop.getAsBoolean() && System.nanoTime() < deadline) {
            String line = peer.readLine(Math.min(deadline, System.nanoTime() + SLICE_NANOS)).orElse(null);
            if (line != null) {
                try {
                    JsonObject command = JsonParser.parseString(line).getAsJsonObject();
                    JsonElement name = command.has("execute") ? command.get("execute") : command.get("exec-oob");
                    sent.add(new Sent(name.getAsString(), command.has("id") ? command.get("id").toString() : null,
                            sent.size()));
                    trace(() -> "server reads " + line);
                } catch (RuntimeException e) {
                    wrong("a command the client wrote", describe(e), null);
                }
            }
        }
        return sent;
    }

    private void send(byte[] bytes, long deadline) throws IOException {
        trace(() -> "server writes " + bytes.length + " bytes: " + excerpt(bytes)
                + (script.truncated() ? ", then closes" : ""));
        peer.write(bytes, script.maxWrite(bytes.length), script.families.contains(Family.SPLIT_WRITES)
                ? new java.util.SplittableRandom(script.seed) : null, deadline);
        if (script.truncated()) {
            peer.hangUp(); // mid-message, usually
        }
    }

    /** Runs a call of the API; a throw other than a QmpException breaks the invariant. */
    private <T> T call(String what, Supplier<T> api) {
        try {
            return api.get();
        } catch (QmpException e) {
            return null;
        } catch (RuntimeException | Error e) {
            fail(Invariant.NOT_A_QMP_EXCEPTION, what, "threw " + describe(e));
            return null;
        }
    }

    private <T> Settled<T> settle(String what, CompletableFuture<T> future, long deadline) {
        if (future == null) {
            return new Settled<>(null, null, true);
        }
        try {
            T value = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            trace(() -> what + " -> " + (value instanceof JsonElement j ? excerpt(j) : value));
            return new Settled<>(value, null, true);
        } catch (TimeoutException e) {
            trace(() -> what + " STILL PENDING");
            fail(Invariant.OUTLIVED_ITS_TIMEOUT, what, "still pending " + graceNanos / 1_000_000
                    + " ms after its timeout");
            return new Settled<>(null, null, false);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            trace(() -> what + " failed: " + describe(cause));
            if (!(cause instanceof QmpException)) {
                fail(Invariant.NOT_A_QMP_EXCEPTION, what, "failed with " + describe(cause));
            }
            return new Settled<>(null, cause, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fuzz worker interrupted", e);
        }
    }

    private void trace(Supplier<String> line) {
        if (trace != null) {
            trace.println("  " + line.get());
        }
    }

    /** A valid session's wrong result; one that is a timeout may only mean the machine was too busy. */
    private void wrong(String what, String detail, Throwable got) {
        fail(Invariant.WRONG_RESULT, what, detail);
        slowOnly &= got instanceof QmpTimeoutException;
    }

    private void fail(Invariant invariant, String what, String detail) {
        slowOnly &= invariant == Invariant.WRONG_RESULT || invariant == Invariant.OUTLIVED_ITS_TIMEOUT;
        failures.add(new FuzzFailure(script.seed, script.families, invariant, what, detail));
    }
}
