package dev.qmp4j.core;

import java.util.concurrent.CompletableFuture;

/**
 * A listening socket that QEMU connects to ({@code -qmp unix:PATH} without {@code server=on}):
 * the race-free way to start QEMU, since the socket exists before QEMU does. Obtained from
 * {@link QmpClient#listen(QmpEndpoint)}.
 */
public interface QmpListener extends AutoCloseable {

    /**
     * Where the listener is bound; for TCP port 0, the port actually chosen.
     *
     * @return the bound endpoint
     */
    QmpEndpoint endpoint();

    /**
     * Waits for the next connection and negotiates it. Connections are accepted only while an
     * accept is waiting. The connect timeout of the client applies from the moment the
     * connection arrives.
     *
     * @return a session in command mode
     */
    CompletableFuture<QmpSession> accept();

    /**
     * Stops listening, fails waiting accepts with {@link QmpClosedException} and, for UNIX
     * sockets, deletes the socket file. Sessions already accepted stay open. Idempotent.
     */
    @Override
    void close();
}
