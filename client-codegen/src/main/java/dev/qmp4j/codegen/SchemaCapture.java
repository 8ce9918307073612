package dev.qmp4j.codegen;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpClient;
import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpSession;
import dev.qmp4j.core.launch.QemuLauncher;
import dev.qmp4j.core.launch.QemuProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Saves a QEMU's {@code query-qmp-schema} reply with the QEMU version, as the input of the
 * generator. Launches {@code qemu-system-x86_64} from {@code PATH} (or the binary given), or
 * connects to a running QEMU's QMP socket.
 *
 * <pre>
 * java -cp ... dev.qmp4j.codegen.SchemaCapture OUTPUT.json [--binary PATH | --socket PATH]
 * </pre>
 */
public final class SchemaCapture {
    private SchemaCapture() {
    }

    /**
     * Captures the schema.
     *
     * @param args the output file, then optionally {@code --binary PATH} or {@code --socket PATH}
     * @throws Exception when QEMU cannot be reached or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: SchemaCapture OUTPUT.json [--binary PATH | --socket PATH]");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        try (QmpClient client = QmpClient.create()) {
            if (args.length == 3 && args[1].equals("--socket")) {
                try (QmpSession session = client.connect(QmpEndpoint.unix(Path.of(args[2]))).get(30, TimeUnit.SECONDS)) {
                    write(output, capture(session));
                }
                return;
            }
            QemuLauncher.Builder launcher = QemuLauncher.builder()
                    .arguments("-machine", "none", "-nodefaults", "-display", "none", "-S");
            if (args.length == 3 && args[1].equals("--binary")) {
                launcher.binary(Path.of(args[2]));
            }
            try (QemuProcess qemu = launcher.build().launch(client).get(60, TimeUnit.SECONDS)) {
                write(output, capture(qemu.session()));
                qemu.shutdown(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The capture: QEMU's version object (as query-version returns it) and its schema. */
    static JsonObject capture(QmpSession session) throws Exception {
        JsonElement version = session.execute("query-version").get(30, TimeUnit.SECONDS);
        JsonElement schema = session.execute("query-qmp-schema").get(30, TimeUnit.SECONDS);
        JsonObject capture = new JsonObject();
        capture.add("version", version);
        capture.add("schema", schema);
        return capture;
    }

    private static void write(Path output, JsonObject capture) throws IOException {
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(capture) + "\n";
        Files.writeString(output, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + output + " (" + capture.getAsJsonArray("schema").size() + " schema entries)");
    }
}
