package dev.qmp4j.e2e.fdpass;

import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpClientOptions;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.testkit.QmpSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link DescriptorPassingUnavailableTest}: a client with descriptor
 * passing on, where junixsocket cannot be had, runs a command, then tries to send a descriptor.
 */
public final class DescriptorPassingProbe {
    private DescriptorPassingProbe() {
    }

    /**
     * Prints what happened, one line each.
     *
     * @param args none
     * @throws Exception when the probe itself fails
     */
    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("qmp4j-probe", ".img");
        try (QmpSimulator simulator = QmpSimulator.start();
             QmpClient client = QmpClient.create(QmpClientOptions.builder().fileDescriptorPassing(true).build());
             QmpSession session = client.connect(simulator.endpoint()).get(10, TimeUnit.SECONDS)) {
            System.out.println("status: " + session.execute("query-status").get(10, TimeUnit.SECONDS)
                    .getAsJsonObject().get("status").getAsString());
            try {
                session.executeWithFileDescriptors("getfd", null,
                        QmpFileDescriptors.open(file, QmpFileDescriptors.Access.READ)).get(10, TimeUnit.SECONDS);
                System.out.println("sent");
            } catch (ExecutionException e) {
                System.out.println("refused: " + e.getCause().getMessage());
            }
            System.out.println("status again: " + session.execute("query-status").get(10, TimeUnit.SECONDS)
                    .getAsJsonObject().get("status").getAsString());
        } finally {
            Files.delete(file);
        }
    }
}
