package dev.qmp4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A QMP server that answers every command at once, so that a benchmark measures the client:
 * one thread, one selector, no JSON parser. It greets like QEMU 7.2, takes
 * {@code qmp_capabilities}, answers {@code query-status} with a running status,
 * {@code query-qmp-schema} with the schema of Debian's QEMU 7.2 and any other command with
 * {@code {}}, and writes events on demand ({@link #emitEvents}) as fast as the sockets take them.
 *
 * <p>It understands only what qmp4j and the baseline client send: one command per line, compact
 * JSON, the command's name in {@code "execute"} or {@code "exec-oob"} and, if any, a numeric
 * {@code "id"} as its last member. Thread-safe; {@link #close()} ends the thread, the sockets and the socket file.
 */
public final class InstantQmpServer implements AutoCloseable {
    private static final byte[] RETURN_EMPTY = ascii("{\"return\": {}");
    private static final byte[] RETURN_STATUS =
            ascii("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}");
    private static final byte[] NOT_NEGOTIATED = ascii("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
            + "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}");
    private static final byte[] ID_MEMBER = ascii(", \"id\": ");
    private static final byte[] REPLY_END = ascii("}\r\n");
    private static final byte[] EVENT = ascii("{\"timestamp\": {\"seconds\": 1767225600, \"microseconds\": 123456}, "
            + "\"event\": \"JOB_STATUS_CHANGE\", \"data\": {\"status\": \"running\", \"id\": \"job0\"}}\r\n");
    /** Events are written in blocks of this many, each block once the socket took the one before. */
    private static final int EVENTS_PER_BLOCK = 64;
    private static final byte[] EVENT_BLOCK = repeat(EVENT, EVENTS_PER_BLOCK);

    private final Path directory;
    private final Path socket;
    private final byte[] greeting;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean running = true;
    private byte[] schemaReturn;

    private InstantQmpServer(boolean offerOob) throws IOException {
        this.directory = Files.createTempDirectory("qmp4j-bench");
        this.socket = directory.resolve("qmp.sock");
        this.greeting = ascii("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
                + "\"package\": \"Debian 1:7.2+dfsg-7+deb12u7\"}, \"capabilities\": [" + (offerOob ? "\"oob\"" : "")
                + "]}}\r\n");
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::run, "instant-qmp-server");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a server on a fresh UNIX socket.
     *
     * @param offerOob whether the greeting offers the {@code oob} capability, as QEMU does; a
     *     client that enables it keeps at most 8 in-band commands at the server
     * @return the running server; close it when done
     */
    public static InstantQmpServer start(boolean offerOob) {
        try {
            return new InstantQmpServer(offerOob);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark QMP server", e);
        }
    }

    /**
     * The UNIX socket clients connect to.
     *
     * @return the socket's path
     */
    public Path socket() {
        return socket;
    }

    /**
     * Writes {@code count} events to every connection in command mode, after whatever it has
     * already been asked for, as fast as each socket takes them.
     *
     * @param count how many events each connection gets
     */
    public void emitEvents(long count) {
        post(() -> {
            for (Connection c : connections) {
                if (c.commandMode) {
                    c.eventsToSend += count;
                    c.write();
                }
            }
        });
    }

    /** Stops the thread, closes every socket and removes the socket file. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        post(() -> running = false);
        try {
            thread.join(10_000);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a server in this process until its standard input ends, for measurements that keep the
     * server's sockets and heap out of the client's process. Prints {@code listening PATH} once
     * clients may connect.
     *
     * @param args {@code --oob} to offer the oob capability
     * @throws IOException when standard input fails
     */
    public static void main(String[] args) throws IOException {
        try (InstantQmpServer server = start(List.of(args).contains("--oob"))) {
            System.out.println("listening " + server.socket());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // nothing to do: the parent ends the server by closing this stream
            }
        }
    }

    private void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                if (!running) {
                    break;
                }
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Connection c = (Connection) key.attachment();
                        if (key.isWritable()) {
                            c.write();
                        }
                        if (key.isValid() && key.isReadable()) {
                            c.read();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the benchmark QMP server failed", e);
        } finally {
            for (Connection c : new ArrayList<>(connections)) {
                c.close();
            }
            try {
                listener.close();
                selector.close();
            } catch (IOException e) {
                System.err.println("closing the benchmark QMP server: " + e);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            Connection c = new Connection(channel);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
            connections.add(c);
            c.append(greeting);
            c.write();
        }
    }

    private byte[] schemaReturn() {
        if (schemaReturn == null) {
            schemaReturn = ascii("{\"return\": " + SchemaCapture.replyText());
        }
        return schemaReturn;
    }

    /** One client: its unread line, its unwritten output and the events it still has to get. */
    private final class Connection {
        private final SocketChannel channel;
        private SelectionKey key;
        /** The start of a line whose end has not arrived yet, or null. */
        private byte[] partial;
        private ByteBuffer out = ByteBuffer.allocate(256);
        private boolean commandMode;
        private long eventsToSend;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            ByteBuffer buf = readBuffer;
            buf.clear();
            if (partial != null) {
                if (partial.length == buf.capacity()) {
                    System.err.println("benchmark QMP server: a command over " + buf.capacity() + " bytes; closing");
                    close();
                    return;
                }
                buf.put(partial);
                partial = null;
            }
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                close();
                return;
            }
            if (n < 0) {
                close();
                return;
            }
            byte[] bytes = buf.array();
            int end = buf.position();
            int start = 0;
            for (int i = 0; i < end; i++) {
                if (bytes[i] == '\n') {
                    answer(bytes, start, i);
                    start = i + 1;
                }
            }
            if (start < end) {
                partial = Arrays.copyOfRange(bytes, start, end);
            }
            write();
        }

        /** Answers the command in {@code line[from, to)}. */
        private void answer(byte[] line, int from, int to) {
            String name = memberText(line, from, to, "\"execute\":\"");
            if (name == null) {
                name = memberText(line, from, to, "\"exec-oob\":\"");
            }
            byte[] head;
            if (!commandMode) {
                commandMode = "qmp_capabilities".equals(name);
                head = commandMode ? RETURN_EMPTY : NOT_NEGOTIATED;
            } else if ("query-status".equals(name)) {
                head = RETURN_STATUS;
            } else if ("query-qmp-schema".equals(name)) {
                head = schemaReturn();
            } else {
                head = RETURN_EMPTY;
            }
            append(head);
            int id = lastIndexOf(line, from, to, "\"id\":");
            if (id >= 0) { // QEMU echoes an id when the command has one
                append(ID_MEMBER);
                int close = to;
                while (close > id && line[close - 1] != '}') {
                    close--;
                }
                ensure(close - 1 - (id + 5));
                out.put(line, id + 5, close - 1 - (id + 5));
            }
            append(REPLY_END);
        }

        /** Writes what is queued, then events while the socket takes them. */
        void write() {
            try {
                while (true) {
                    out.flip();
                    channel.write(out);
                    boolean drained = !out.hasRemaining();
                    out.compact();
                    if (!drained) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                    if (eventsToSend == 0) {
                        key.interestOps(SelectionKey.OP_READ);
                        return;
                    }
                    int events = (int) Math.min(eventsToSend, EVENTS_PER_BLOCK);
                    ensure(events * EVENT.length);
                    out.put(EVENT_BLOCK, 0, events * EVENT.length);
                    eventsToSend -= events;
                }
            } catch (IOException e) {
                close();
            }
        }

        void append(byte[] bytes) {
            ensure(bytes.length);
            out.put(bytes);
        }

        private void ensure(int more) {
            if (out.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
        }

        void close() {
            connections.remove(this);
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                System.err.println("closing a benchmark connection: " + e);
            }
        }
    }

    /** The text of the string member that starts with {@code prefix} in {@code line[from, to)}, or null. */
    private static String memberText(byte[] line, int from, int to, String prefix) {
        int at = indexOf(line, from, to, prefix);
        if (at < 0) {
            return null;
        }
        int start = at + prefix.length();
        int end = start;
        while (end < to && line[end] != '"') {
            end++;
        }
        return new String(line, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] line, int from, int to, String text) {
        for (int i = from; i + text.length() <= to; i++) {
            if (matches(line, i, text)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] line, int from, int to, String text) {
        for (int i = to - text.length(); i >= from; i--) {
            if (matches(line, i, text)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] line, int at, String text) {
        for (int j = 0; j < text.length(); j++) {
            if (line[at + j] != text.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] repeat(byte[] bytes, int times) {
        byte[] all = new byte[bytes.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(bytes, 0, all, i * bytes.length, bytes.length);
        }
        return all;
    }
}
