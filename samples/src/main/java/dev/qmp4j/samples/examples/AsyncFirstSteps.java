package dev.qmp4j.samples.examples;

import com.google.gson.JsonObject;
import dev.qmp4j.core.EventSubscription;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * First steps with the asynchronous core API: connect, look at the greeting, stop a running VM
 * and see its STOP event, read its status.
 *
 * <p>Run it with the path of the QMP socket of a running QEMU, started with
 * {@code -qmp unix:PATH,server=on,wait=off}.
 */
public final class AsyncFirstSteps {
    private AsyncFirstSteps() {
    }

    /**
     * Runs the example.
     *
     * @param args the path of a QMP UNIX socket
     * @throws Exception when QEMU cannot be reached or a command fails
     */
    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]), System.out);
    }

    /**
     * Connects to the socket and takes the first steps.
     *
     * @param socket the QMP socket of a running QEMU
     * @param out where the results are printed
     * @throws Exception when QEMU cannot be reached or a command fails
     */
    public static void run(Path socket, PrintStream out) throws Exception {
        // README-BEGIN async-first-steps
        try (QmpClient client = QmpClient.create();
             QmpSession session = client.connect(QmpEndpoint.unix(socket)).get(10, TimeUnit.SECONDS)) {
            out.println("QEMU " + session.greeting().version() + ", enabled " + session.enabledCapabilities());

            EventSubscription events = session.subscribe("STOP", "RESUME");  // subscribe before the command
            session.execute("stop").get(10, TimeUnit.SECONDS);
            out.println(events.next().get(10, TimeUnit.SECONDS).name());     // STOP

            JsonObject status = session.execute("query-status").get(10, TimeUnit.SECONDS).getAsJsonObject();
            out.println(status.get("status").getAsString());                 // paused
        }
        // README-END async-first-steps
    }
}
