package dev.qmp4j.jpmsapp;

import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpCommands;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.reactive.ReactiveQmpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Connects to the QMP socket given, in the blocking and the reactive style, and prints what it got. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the application.
     *
     * @param args the QMP socket's path
     * @throws IOException when the file to send cannot be made
     */
    public static void main(String[] args) throws IOException {
        QmpEndpoint endpoint = QmpEndpoint.unix(Path.of(args[0]));
        try (BlockingQmpClient client = BlockingQmpClient.create();
             BlockingQmpSession session = client.connect(endpoint)) {
            System.out.println("blocking: " + BlockingQmpCommands.of(session).queryStatus().status().wireName());
        }
        try (ReactiveQmpClient client = ReactiveQmpClient.create()) {
            String status = client.connect(endpoint)
                    .flatMap(session -> session.execute("query-status").doFinally(signal -> session.close()))
                    .map(reply -> reply.getAsJsonObject().get("status").getAsString())
                    .block(Duration.ofSeconds(10));
            System.out.println("reactive: " + status);
        }
        Path file = Files.createTempFile("jpms-app", ".img");
        try (BlockingQmpClient client = BlockingQmpClient.create(QmpClientOptions.builder().fileDescriptorPassing(true).build());
             BlockingQmpSession session = client.connect(endpoint)) {
            System.out.println("with a descriptor: " + session.executeWithFileDescriptors("query-status", null,
                    QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ)).getAsJsonObject().get("status").getAsString());
        } finally {
            Files.delete(file);
        }
    }
}
