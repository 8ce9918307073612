package dev.qmp4j.samples.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * A one-shot command's one-time initialisation that does not depend on its arguments, started on
 * a second thread while the main thread sets up logging and the client, rather than run by the
 * I/O thread once connected: Gson's first {@code Gson} and {@code JsonWriter}, and for a UNIX
 * socket the JDK's UNIX socket classes, which on JDK 17 seed a {@code SecureRandom} and so load
 * the security providers; and it reads the jar's directory ahead of the main thread. Together
 * some 15 ms of a one-shot {@code qmp exec}, on a machine with a core to spare.
 *
 * <p>It only initialises classes and opens the class path's jar, which the JVM then keeps open:
 * whichever thread needs one of them while the other is at it waits for it, so nothing runs twice
 * and nothing else changes. It opens no connection (the socket it opens to that end is never
 * connected) and reports nothing: the command itself meets any failure and reports it.
 */
final class StartupWarmup implements Runnable {
    private final boolean unixSocket;

    private StartupWarmup(boolean unixSocket) {
        this.unixSocket = unixSocket;
    }

    /**
     * Starts the warm-up.
     *
     * @param unixSocket whether the command connects through a UNIX socket
     */
    static void start(boolean unixSocket) {
        // A class rather than a lambda: the main thread would first set up the JVM's lambda
        // machinery, which the second thread can as well.
        Thread thread = new Thread(new StartupWarmup(unixSocket), "qmp-startup-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            // First the directory of the jar (7,500 entries), which the main thread soon reads
            // when the logger looks for its configuration file, then what needs no jar: the
            // security providers and Gson; last the socket channel classes, which look for a
            // selector provider on the class path.
            ClassLoader.getSystemResource("simplelogger.properties");
            if (unixSocket) {
                SecureRandom.getInstance("SHA1PRNG");
            }
            new Gson().toJson(new JsonObject());
            if (unixSocket) {
                SocketChannel.open(StandardProtocolFamily.UNIX).close();
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // The command itself meets it, and reports it.
        }
    }
}
