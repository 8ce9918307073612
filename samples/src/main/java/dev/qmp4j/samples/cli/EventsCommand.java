package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingEventSubscription;
import dev.qmp4j.core.QmpConnectionException;
import dev.qmp4j.core.QmpEvent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qmp events}: prints events as they arrive, one line of compact JSON each.
 *
 * <p>{@code --timeout} bounds connecting and the wait for the first event; once one has come, the
 * command waits without limit for the next, until {@code --count} events were printed or the
 * server closes the connection (both exit 0). With {@code --reconnect} a closed connection does not
 * end it: it connects again, says so on stderr, and goes on printing the events of the new server.
 */
@Command(name = "events", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"Print QMP events as they arrive, each as one line of compact JSON "
                + "(event, data when non-empty, timestamp).",
            "--timeout is the time to connect and the longest wait for the FIRST event: with no event by then the "
                + "command exits 4. After the first event it waits without limit, until --count events were printed "
                + "or the server closes the connection (exit 0).",
            "With --reconnect a lost connection does not end it: it connects again (QEMU restarted on the same "
                + "socket), says so on stderr (qmp: disconnected: ...; reconnecting, then qmp: reconnected to QEMU "
                + "X.Y.Z) and goes on.",
            "Exit codes: 0 done or server closed, 2 usage, 3 connection or protocol, 4 no event in time."})
final class EventsCommand implements Callable<Integer> {
    @Mixin
    Endpoint endpoint;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", paramLabel = "N",
            description = "Exit after N events (default: until the server closes the connection).")
    Integer count;

    @Option(names = "--reconnect",
            description = "Connect again whenever the connection is lost, and go on (only with --socket or --tcp).")
    boolean reconnect;

    @Parameters(paramLabel = "EVENT", arity = "0..*",
            description = "Only these events, such as STOP RESUME (default: every event).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Connection connection = endpoint.open(reconnect, false);
             BlockingEventSubscription events = names.isEmpty() ? connection.session().subscribe()
                     : connection.session().subscribe(names.toArray(String[]::new))) {
            ReconnectReport report = !reconnect ? null : ReconnectReport.start(connection.session(), line -> {
                err.println(line);
                err.flush();
            });
            try {
                stream(spec.commandLine().getOut(), events);
            } finally {
                if (report != null) {
                    report.close();
                }
            }
        }
        return ExitCodes.OK;
    }

    /** Prints until --count events; returns normally also when the server closes the connection. */
    private void stream(PrintWriter out, BlockingEventSubscription events) {
        try {
            print(out, events.next(endpoint.timeout())); // no event in time: "no event within 10 s", exit 4
            int printed = 1;
            Iterator<QmpEvent> rest = events.iterator();
            // checkError: the reader went away (qmp events | head -1), so nobody needs more events.
            while ((count == null || printed < count) && !out.checkError() && rest.hasNext()) {
                print(out, rest.next());
                printed++;
            }
        } catch (QmpConnectionException serverClosed) {
            // The server closed the connection (QEMU quit or was killed): the stream of events ends.
        }
    }

    private static void print(PrintWriter out, QmpEvent event) {
        out.println(EventJson.line(event));
        out.flush();
    }
}
