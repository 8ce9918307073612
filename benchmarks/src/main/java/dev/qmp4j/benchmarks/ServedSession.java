package dev.qmp4j.benchmarks;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import java.util.concurrent.TimeUnit;

/** A benchmark server and one session of a default client connected to it. */
final class ServedSession implements AutoCloseable {
    /** How long a benchmark waits for any one reply or event before it fails instead of hanging. */
    static final long WAIT_SECONDS = 30;

    final InstantQmpServer server;
    final QmpClient client;
    final QmpSession session;

    private ServedSession(InstantQmpServer server, QmpClient client, QmpSession session) {
        this.server = server;
        this.client = client;
        this.session = session;
    }

    /** Starts a server and connects to it; {@code offerOob} as in {@link InstantQmpServer#start}. */
    static ServedSession open(boolean offerOob) throws Exception {
        InstantQmpServer server = InstantQmpServer.start(offerOob);
        QmpClient client = QmpClient.create();
        try {
            QmpSession session = client.connect(QmpEndpoint.unix(server.socket())).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return new ServedSession(server, client, session);
        } catch (Exception | Error e) {
            client.close();
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
