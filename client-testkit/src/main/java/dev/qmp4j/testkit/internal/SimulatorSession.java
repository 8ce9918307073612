package dev.qmp4j.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import dev.qmp4j.testkit.ReceivedCommand;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedSession;
import dev.qmp4j.testkit.SimulatorTimeoutException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One connection: input framing, the in-band queue, and buffered output with the configured
 * faults. Everything except the public query methods runs on the simulator's I/O thread.
 */
final class SimulatorSession implements SimulatedSession {
    /** An in-band message waiting for its turn: a parsed value or a parse error. */
    private record Inbound(Optional<JsonElement> value, Optional<String> parseError,
                           Optional<ReceivedCommand> command) {
    }

    private final SimulatorServer server;
    private final QmpSimulatorOptions options;
    private final SocketChannel channel;
    private final long id;
    private final QemuJsonStreamer streamer;
    private final QemuJsonWriter writer;
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    private final ArrayDeque<Inbound> inBand = new ArrayDeque<>();
    private final List<ReceivedCommand> received = new ArrayList<>();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private SelectionKey key;
    private long bytesWritten;
    private boolean closeWhenFlushed;
    private boolean slowWritePending;
    private boolean busy;
    private boolean pumping;
    private int outstanding;
    private volatile int maxOutstanding;
    private volatile boolean open = true;
    private volatile boolean commandMode;
    private volatile Set<String> capabilities = Set.of();

    SimulatorSession(SimulatorServer server, SocketChannel channel, long id) {
        this.server = server;
        this.options = server.options();
        this.channel = channel;
        this.id = id;
        this.writer = new QemuJsonWriter(options.prettyOutput(), options.lineEnding().text());
        this.streamer = new QemuJsonStreamer(new QemuJsonStreamer.Listener() {
            @Override
            public void onValue(JsonElement value) {
                onMessage(value);
            }

            @Override
            public void onError(String desc) {
                countInBand();
                inBand.add(new Inbound(Optional.empty(), Optional.of(desc), Optional.empty()));
                pumpInBand();
            }
        });
    }

    void start() throws IOException {
        if (options.closeOnAccept()) {
            closeNow();
            return;
        }
        channel.configureBlocking(false);
        key = server.register(this, channel);
        options.eventsBeforeGreeting().forEach(this::writeEventUnchecked);
        if (options.rawGreeting().isPresent()) {
            enqueue(options.rawGreeting().get().getBytes(StandardCharsets.UTF_8));
        } else if (!options.stallBeforeGreeting()) {
            writeMessage(QmpMessages.greeting(options));
        }
    }

    // ---- input ----

    void onReadable() throws IOException {
        ByteBuffer buffer = server.readBuffer();
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            closeNow();
            return;
        }
        streamer.feed(buffer.array(), 0, n);
    }

    private void onMessage(JsonElement value) {
        boolean oob = value.isJsonObject() && value.getAsJsonObject().has("exec-oob")
                && !value.getAsJsonObject().has("execute");
        if (!oob) {
            countInBand(); // before recording, so a test that saw the command also sees the count
        }
        Optional<ReceivedCommand> command = record(value);
        Inbound inbound = new Inbound(Optional.of(value), Optional.empty(), command);
        if (oob) {
            // Like QEMU's I/O thread: out-of-band requests skip the in-band queue.
            run(inbound, () -> { });
        } else {
            inBand.add(inbound);
            pumpInBand();
        }
    }

    private Optional<ReceivedCommand> record(JsonElement value) {
        if (!value.isJsonObject()) {
            return Optional.empty();
        }
        JsonObject message = value.getAsJsonObject();
        boolean oob = !message.has("execute");
        JsonElement name = oob ? message.get("exec-oob") : message.get("execute");
        if (name == null || !name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
            return Optional.empty();
        }
        JsonElement arguments = message.get("arguments");
        JsonObject args = arguments != null && arguments.isJsonObject() ? arguments.getAsJsonObject() : new JsonObject();
        synchronized (received) {
            ReceivedCommand command = new ReceivedCommand(received.size() + 1L, name.getAsString(), args,
                    Optional.ofNullable(message.get("id")), oob);
            received.add(command);
            received.notifyAll();
            return Optional.of(command);
        }
    }

    private void countInBand() {
        outstanding++;
        if (outstanding > maxOutstanding) {
            maxOutstanding = outstanding;
        }
    }

    /** Runs queued in-band messages one at a time; a late reply holds the rest back. */
    private void pumpInBand() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!busy && open && !inBand.isEmpty()) {
                busy = true;
                run(inBand.poll(), this::inBandDone);
            }
        } finally {
            pumping = false;
        }
    }

    private void inBandDone() {
        busy = false;
        outstanding--;
        pumpInBand();
    }

    private void run(Inbound inbound, Runnable done) {
        if (inbound.parseError().isPresent()) {
            deliver(QmpReply.error("GenericError", inbound.parseError().get()), Optional.empty(), done);
            return;
        }
        JsonElement value = inbound.value().orElseThrow();
        if (!value.isJsonObject()) {
            deliver(QmpReply.error("GenericError", "QMP input must be a JSON object"), Optional.empty(), done);
            return;
        }
        JsonObject message = value.getAsJsonObject();
        Optional<JsonElement> messageId = Optional.ofNullable(message.get("id"));
        QmpReply reply = CommandDispatch.dispatch(this, message, inbound.command());
        deliver(reply, messageId, done);
    }

    // ---- replies ----

    private void deliver(QmpReply reply, Optional<JsonElement> messageId, Runnable done) {
        Duration delay = options.replyDelay();
        if (delay.isZero()) {
            resolve(reply, messageId, done);
        } else {
            server.schedule(() -> resolve(reply, messageId, done), delay);
        }
    }

    private void resolve(QmpReply reply, Optional<JsonElement> messageId, Runnable done) {
        if (reply instanceof QmpReply.Success success) {
            writeMessage(QmpMessages.success(success.value(), messageId));
        } else if (reply instanceof QmpReply.Error error) {
            writeMessage(QmpMessages.error(error.errorClass(), error.desc(), messageId));
        } else if (reply instanceof QmpReply.Raw raw) {
            enqueue(raw.text().getBytes(StandardCharsets.UTF_8));
        } else if (reply instanceof QmpReply.Delayed delayed) {
            server.schedule(() -> resolve(delayed.reply(), messageId, done), delayed.delay());
            return;
        } else if (reply instanceof QmpReply.WithoutId withoutId) {
            resolve(withoutId.reply(), Optional.empty(), done);
            return;
        } else if (reply instanceof QmpReply.Later later) {
            later.stage().whenComplete((result, failure) -> server.runOnLoop(() -> resolve(
                    failure == null && result != null ? result : QmpReply.error("GenericError", String.valueOf(failure)),
                    messageId, done)));
            return;
        }
        if (server.hasQuit()) {
            server.closeAllAfterFlush();
        }
        done.run();
    }

    // ---- output ----

    void writeMessage(JsonObject message) {
        String text = writer.write(message) + options.lineEnding().text();
        enqueue(text.getBytes(StandardCharsets.US_ASCII));
    }

    void writeEvent(SimulatedEvent event) {
        if (commandMode) { // QEMU drops events for monitors still negotiating
            writeEventUnchecked(event);
        }
    }

    private void writeEventUnchecked(SimulatedEvent event) {
        writeMessage(QmpMessages.event(event, Instant.now()));
    }

    private void enqueue(byte[] bytes) {
        if (!open || bytes.length == 0) {
            return;
        }
        output.add(ByteBuffer.wrap(bytes));
        flush();
    }

    void flush() {
        if (!open || slowWritePending) {
            return;
        }
        try {
            while (!output.isEmpty()) {
                ByteBuffer head = output.peek();
                int limit = options.byteByByteWrites().isPresent() ? 1 : head.remaining();
                if (options.closeAfterBytesWritten().isPresent()) {
                    long left = options.closeAfterBytesWritten().getAsLong() - bytesWritten;
                    if (left <= 0) {
                        closeNow();
                        return;
                    }
                    limit = (int) Math.min(limit, left);
                }
                ByteBuffer slice = head.slice();
                slice.limit(limit);
                int n = channel.write(slice);
                head.position(head.position() + n);
                bytesWritten += n;
                if (!head.hasRemaining()) {
                    output.poll();
                }
                if (n < limit) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
                if (options.closeAfterBytesWritten().isPresent()
                        && bytesWritten >= options.closeAfterBytesWritten().getAsLong()) {
                    closeNow();
                    return;
                }
                if (options.byteByByteWrites().isPresent() && !output.isEmpty()) {
                    slowWritePending = true;
                    server.schedule(() -> {
                        slowWritePending = false;
                        flush();
                    }, options.byteByByteWrites().get());
                    return;
                }
            }
            if (key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            }
            if (closeWhenFlushed) {
                closeNow();
            }
        } catch (IOException e) {
            closeNow();
        }
    }

    void closeWhenFlushed() {
        closeWhenFlushed = true;
        if (output.isEmpty() && !slowWritePending) {
            closeNow();
        }
    }

    void closeNow() {
        if (!open) {
            return;
        }
        open = false;
        try {
            channel.close(); // also cancels the key
        } catch (IOException ignored) {
            // closed anyway
        }
        output.clear();
        inBand.clear();
        server.onClosed(this);
        closedLatch.countDown();
    }

    // ---- state used by command dispatch ----

    SimulatorServer server() {
        return server;
    }

    void enterCommandMode(Set<String> enabled) {
        capabilities = Set.copyOf(enabled);
        commandMode = true;
    }

    boolean oobEnabled() {
        return capabilities.contains("oob");
    }

    // ---- SimulatedSession ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean inCommandMode() {
        return commandMode;
    }

    @Override
    public Set<String> enabledCapabilities() {
        return capabilities;
    }

    @Override
    public List<ReceivedCommand> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public List<ReceivedCommand> awaitReceived(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SimulatorTimeoutException("session " + id + " received " + received.size()
                            + " commands, not " + count + ", within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SimulatorTimeoutException("interrupted while waiting for commands");
                }
            }
            return List.copyOf(received);
        }
    }

    @Override
    public int maxInBandOutstanding() {
        return maxOutstanding;
    }

    @Override
    public void pushEvent(SimulatedEvent event) {
        server.runOnLoop(() -> writeEvent(event));
    }

    @Override
    public void sendRaw(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendRaw(byte[] bytes) {
        byte[] copy = bytes.clone();
        server.runOnLoop(() -> enqueue(copy));
    }

    @Override
    public void close() {
        server.runOnLoop(this::closeNow);
    }

    @Override
    public void awaitClosed(Duration timeout) {
        try {
            if (!closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SimulatorTimeoutException("session " + id + " still open after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorTimeoutException("interrupted while waiting for session " + id + " to close");
        }
    }

    @Override
    public String toString() {
        return "SimulatedSession[" + id + (open ? ", open" : ", closed") + (commandMode ? ", command mode]" : "]");
    }
}
