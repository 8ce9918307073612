package dev.qmp4j.samples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.EventOverflowPolicy;
import dev.qmp4j.core.EventSubscriptionOptions;
import dev.qmp4j.core.QmpCommandException;
import dev.qmp4j.core.QmpEvent;
import dev.qmp4j.core.QmpSessionState;
import dev.qmp4j.core.QmpTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jline.keymap.KeyMap;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The read-run-print loop of {@code qmp shell}, like QEMU's {@code qmp-shell}: reads lines,
 * runs them as QMP commands, prints results as JSON and events as they arrive.
 *
 * <p>Two modes. {@link #interactive} reads from a terminal with line editing, history, tab
 * completion from the schema and the prompt {@code (QEMU) }; events print above the line being
 * typed. {@link #piped} reads plain lines (a script, a test): no prompt, no history, results and
 * events on {@code out}, errors on {@code err}.
 *
 * <p>Lines are read by {@link ShellLines}: QMP commands, {@code -H} human monitor commands and
 * transactions, or only human monitor commands in human monitor mode ({@link ShellOptions}).
 *
 * <p>{@link #run()} returns when input ends, after {@code quit}, or when the connection is lost
 * (3); it closes the session as it returns, so that events already received still print. A
 * reconnecting session's shell goes on across a lost connection, saying when it is lost and when
 * it is back; a line that failed with the connection counts as a failure (3). On a
 * terminal a failed line only prints its error; in batch mode ({@link #piped}) the shell goes on
 * too, but then exits with the code of the first line that failed: 1 for a QMP error, 2 for a
 * line it could not read (or input that ended inside a transaction), 4 for a timeout.
 */
public final class ShellInterpreter {
    /** The prompt of interactive mode, as in QEMU's qmp-shell. */
    public static final String PROMPT = "(QEMU) ";
    /** The prompt while a transaction collects its actions, as in QEMU's qmp-shell. */
    public static final String TRANSACTION_PROMPT = "TRANS> ";

    static final String HELP = String.join("\n",
            "  COMMAND [key=value ...]  run a QMP command; values are JSON when they parse (size=1024, on=true,",
            "                           name=\"a b\"), strings otherwise (id=usb1)",
            "                           a dotted key nests: cache.direct=false is {\"cache\": {\"direct\": false}}",
            "  COMMAND {json}           run a QMP command with one JSON arguments object",
            "  -H HMP-COMMAND           run a human monitor command and print its text (-H info status)",
            "  transaction(             start a transaction: then one ACTION key=value ... a line, and ) to send",
            "  transaction( ACTION key=value ... )   a transaction of one action, on one line",
            "  help, ?                  this help",
            "  quit                     QMP quit: QEMU exits, and so does the shell",
            "Tab completes command and argument names (and after -H, human monitor commands). Events print as",
            "they arrive. Ctrl-D leaves.");

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
    private static final Duration EVENT_DRAIN = Duration.ofSeconds(5);

    private final BlockingQmpSession session;
    private final LineReader reader;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private final ShellOptions options;
    private final Gson results;
    private final ShellLines lines;
    private final AtomicReference<Throwable> lost = new AtomicReference<>();
    private final AtomicInteger firstFailure = new AtomicInteger(ExitCodes.OK);
    private final Object readLock = new Object();
    private volatile boolean quitting;
    private Thread readingThread; // guarded by readLock: the thread to wake when the connection is lost

    private ShellInterpreter(BlockingQmpSession session, LineReader reader, boolean interactive, PrintWriter out,
            PrintWriter err, ShellOptions options) {
        this.session = session;
        this.reader = reader;
        this.interactive = interactive;
        this.out = out;
        this.err = err;
        this.options = options;
        this.results = options.pretty() ? PRETTY : COMPACT;
        this.lines = new ShellLines(options.humanMonitor());
    }

    /**
     * A shell on a terminal: line editing, completion, history, prompt.
     *
     * @param session the session to drive (closed when {@link #run()} returns)
     * @param terminal the terminal to read and print on
     * @param history where to keep the history, or empty for none
     * @param timeout the time each command may take
     * @return the shell
     */
    public static ShellInterpreter interactive(BlockingQmpSession session, Terminal terminal, Optional<Path> history,
            Duration timeout) {
        return interactive(session, terminal, history, ShellOptions.of(timeout));
    }

    /**
     * A shell on a terminal, with options: line editing, completion, history, prompt, and a
     * banner that names the server.
     *
     * @param session the session to drive (closed when {@link #run()} returns)
     * @param terminal the terminal to read and print on
     * @param history where to keep the history, or empty for none
     * @param options timeout, mode, output and log
     * @return the shell
     */
    public static ShellInterpreter interactive(BlockingQmpSession session, Terminal terminal, Optional<Path> history,
            ShellOptions options) {
        Function<String, String> humanMonitor = commandLine -> session.execute(ShellRequest.HUMAN_MONITOR_COMMAND,
                ShellRequest.human(commandLine).arguments(), options.timeout()).getAsString();
        Completer completer = options.humanMonitor() ? new HmpCompleter(humanMonitor, false)
                : new AggregateCompleter(new ShellCompleter(session::schema), new HmpCompleter(humanMonitor, true));
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).completer(completer);
        history.ifPresent(file -> builder.variable(LineReader.HISTORY_FILE, file));
        LineReader reader = builder.build();
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION); // '!' is data in JSON, not history expansion
        // Where Ctrl-C is a key rather than a signal (see ShellCommand), it discards the line, as bash does.
        reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(LineReader.KILL_WHOLE_LINE), KeyMap.ctrl('C'));
        return new ShellInterpreter(session, reader, true, terminal.writer(), terminal.writer(), options);
    }

    /**
     * A shell on plain streams, for scripts and tests: no prompt, no line editing, no history.
     *
     * @param session the session to drive (closed when {@link #run()} returns)
     * @param in the lines to run
     * @param out where results and events go
     * @param err where errors go
     * @param timeout the time each command may take
     * @return the shell
     */
    public static ShellInterpreter piped(BlockingQmpSession session, InputStream in, PrintWriter out, PrintWriter err,
            Duration timeout) {
        return piped(session, in, out, err, ShellOptions.of(timeout));
    }

    /**
     * A shell on plain streams, with options: no prompt, no banner, no line editing, no history;
     * the exit code tells whether a line failed.
     *
     * @param session the session to drive (closed when {@link #run()} returns)
     * @param in the lines to run
     * @param out where results and events go
     * @param err where errors go
     * @param options timeout, mode, output and log
     * @return the shell
     */
    public static ShellInterpreter piped(BlockingQmpSession session, InputStream in, PrintWriter out, PrintWriter err,
            ShellOptions options) {
        try {
            // A dumb terminal neither echoes nor edits; its output is unused since nothing is prompted.
            Terminal terminal = new DumbTerminal(in, OutputStream.nullOutputStream());
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
            // A tab in a script is white space, not a request for completion.
            reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(LineReader.SELF_INSERT), "\t");
            return new ShellInterpreter(session, reader, false, out, err, options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the input: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the loop until input ends, {@code quit}, or the connection is lost.
     *
     * @return {@link ExitCodes#CONNECTION} when the connection was lost; else {@link ExitCodes#OK},
     *     or in batch mode the exit code of the first line that failed
     */
    public int run() {
        if (interactive) {
            out.println(ShellBanner.text(session, options.humanMonitor()));
            out.flush();
        }
        BlockingEventSubscription events = session.subscribe(EventSubscriptionOptions.builder()
                .overflowPolicy(EventOverflowPolicy.DROP_OLDEST).build()); // a slow terminal must not end the shell
        Thread printer = new Thread(() -> printEvents(events), "qmp-shell-events");
        printer.setDaemon(true);
        printer.start();
        ReconnectReport report = !session.options().reconnect().enabled() ? null : ReconnectReport.start(session, line -> {
            if (!quitting) { // after quit, QEMU closing the connection is no news
                error(line);
            }
        });
        try {
            return loop();
        } finally {
            // Closing the session (not the subscription) lets events already received print first.
            session.close();
            join(printer);
            if (report != null) {
                report.close();
            }
            saveHistory();
            if (!interactive) {
                close(reader.getTerminal()); // ours, made by piped(); a caller's terminal stays open
            }
        }
    }

    private int loop() {
        while (true) {
            Optional<String> line = read();
            if (lost.get() != null) {
                return ExitCodes.CONNECTION;
            }
            if (line.isEmpty()) {
                if (lines.inTransaction()) {
                    failed(ExitCodes.USAGE, "qmp: the input ended inside transaction(: its " + lines.pendingActions()
                            + " actions were not sent");
                }
                return exitCode();
            }
            if (runLine(line.get())) {
                return lost.get() != null ? ExitCodes.CONNECTION : exitCode();
            }
        }
    }

    /** 0, or in batch mode the code of the first line that failed. */
    private int exitCode() {
        return interactive ? ExitCodes.OK : firstFailure.get();
    }

    /** Reports a failed line; in batch mode the first one decides the exit code. */
    private void failed(int code, String message) {
        firstFailure.compareAndSet(ExitCodes.OK, code);
        error(message);
    }

    /** The next line; empty at the end of input. A Ctrl-C discards the line, as in bash. */
    private Optional<String> read() {
        while (true) {
            synchronized (readLock) {
                if (lost.get() != null) {
                    return Optional.empty();
                }
                readingThread = Thread.currentThread();
            }
            try {
                return Optional.of(reader.readLine(!interactive ? "" : lines.inTransaction() ? TRANSACTION_PROMPT : PROMPT));
            } catch (EndOfFileException e) {
                return Optional.empty();
            } catch (UserInterruptException e) {
                if (lost.get() != null) {
                    return Optional.empty();
                }
            } finally {
                synchronized (readLock) {
                    readingThread = null;
                    if (lost.get() != null) {
                        Thread.interrupted(); // our own wake-up call, not the caller's
                    }
                }
            }
        }
    }

    /** Runs one line; true when the shell should end. */
    private boolean runLine(String line) {
        String text = line.strip();
        if (!options.humanMonitor() && !lines.inTransaction() && (text.equals("help") || text.equals("?"))) {
            out.println(HELP);
            out.flush();
            return false;
        }
        Optional<ShellRequest> request;
        try {
            request = lines.read(line);
        } catch (IllegalArgumentException e) {
            failed(ExitCodes.USAGE, "qmp: " + e.getMessage());
            return false;
        }
        return request.isPresent() && execute(request.get());
    }

    /** Runs a request and prints its result; true when the shell should end. */
    private boolean execute(ShellRequest request) {
        quitting = request.quits();
        try {
            JsonElement result = session.execute(request.command(), request.arguments(), options.timeout());
            options.log().ifPresent(log -> log.returned(request, result));
            String text = request.human() && result.isJsonPrimitive()
                    ? result.getAsString().replace("\r\n", "\n").stripTrailing() // HMP answers in text
                    : results.toJson(result);
            if (!text.isEmpty()) {
                out.println(text);
                out.flush();
            }
            return quitting;
        } catch (QmpCommandException e) {
            quitting = false;
            options.log().ifPresent(log -> log.failed(request, e.rawErrorClass(), e.description()));
            failed(ExitCodes.QMP_ERROR, ExitCodes.describe(e)); // the server said no: the shell goes on
            return false;
        } catch (QmpTimeoutException e) {
            quitting = false;
            failed(ExitCodes.TIMEOUT, ExitCodes.describe(e)); // took too long: the shell goes on
            return false;
        } catch (RuntimeException e) {
            if (quitting) {
                return true; // QEMU closed the socket on quit, as it may before replying
            }
            QmpSessionState state = session.state();
            if (state == QmpSessionState.READY || state == QmpSessionState.CONNECTING) {
                // Refused by the client (a limit, say), or lost with a connection that is coming back: the session lives on.
                failed(ExitCodes.of(e), ExitCodes.describe(e));
                return false;
            }
            connectionLost(e);
            return true;
        }
    }

    /** Runs on its own thread: prints each event as it comes, and notices a lost connection. */
    private void printEvents(BlockingEventSubscription events) {
        try {
            for (QmpEvent event : events) {
                String text = format(event);
                if (interactive) {
                    reader.printAbove(text); // redraws the prompt and the half-typed line below it
                } else {
                    out.println(text);
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            // The iteration ends quietly when we close the session; it throws when the connection ends otherwise.
            if (!quitting) {
                connectionLost(e);
            }
        }
    }

    /** Reports the loss once and wakes the reading thread, which then ends the loop. */
    private void connectionLost(Throwable cause) {
        if (!lost.compareAndSet(null, cause)) {
            return;
        }
        error(ExitCodes.describe(cause));
        synchronized (readLock) {
            if (readingThread != null) {
                readingThread.interrupt();
            }
        }
    }

    /** An event as QEMU writes it: one compact JSON object per line. */
    static String format(QmpEvent event) {
        JsonObject json = new JsonObject();
        JsonObject timestamp = new JsonObject();
        timestamp.addProperty("seconds", event.timestamp().seconds());
        timestamp.addProperty("microseconds", event.timestamp().microseconds());
        json.add("timestamp", timestamp);
        json.addProperty("event", event.name());
        if (event.data().size() > 0) {
            json.add("data", event.data());
        }
        return COMPACT.toJson(json);
    }

    private void error(String text) {
        if (interactive && readingNow()) {
            reader.printAbove(text);
        } else {
            err.println(text);
            err.flush();
        }
    }

    private boolean readingNow() {
        synchronized (readLock) {
            return readingThread != null;
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(EVENT_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close(Terminal terminal) {
        try {
            terminal.close();
        } catch (IOException e) {
            err.println("qmp: " + e.getMessage());
            err.flush();
        }
    }

    private void saveHistory() {
        try {
            if (reader.getVariable(LineReader.HISTORY_FILE) != null) {
                reader.getHistory().save();
            }
        } catch (IOException e) {
            err.println("qmp: cannot save the history: " + e.getMessage());
            err.flush();
        }
    }
}
