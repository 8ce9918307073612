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
 * Saves a QEMU's {@code query-qmp-schema} reply with the QEMU version, as one more input of the
 * generator. Launches {@code qemu-system-x86_64} from {@code PATH} (or the binary given), or
 * connects to a running QEMU's QMP socket, and writes the capture into the captures folder as
 * {@code <build>-<version>-<arch>.json} ({@code debian-10.0.2-x86_64.json}; {@code qemu-...} for
 * an upstream build), beside the captures already there: a capture of a version already in the
 * folder replaces only that one.
 *
 * <pre>
 * java -cp ... dev.qmp4j.codegen.SchemaCapture CAPTURES_DIR [--binary PATH | --socket PATH]
 * </pre>
 */
public final class SchemaCapture {
    private SchemaCapture() {
    }

    /**
     * Captures the schema.
     *
     * @param args the captures folder, then optionally {@code --binary PATH} or {@code --socket PATH}
     * @throws Exception when QEMU cannot be reached or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: SchemaCapture CAPTURES_DIR [--binary PATH | --socket PATH]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        try (QmpClient client = QmpClient.create()) {
            if (args.length == 3 && args[1].equals("--socket")) {
                try (QmpSession session = client.connect(QmpEndpoint.unix(Path.of(args[2]))).get(30, TimeUnit.SECONDS)) {
                    write(folder, capture(session));
                }
                return;
            }
            QemuLauncher.Builder launcher = QemuLauncher.builder()
                    .arguments("-machine", "none", "-nodefaults", "-display", "none", "-S");
            if (args.length == 3 && args[1].equals("--binary")) {
                launcher.binary(Path.of(args[2]));
            }
            try (QemuProcess qemu = launcher.build().launch(client).get(60, TimeUnit.SECONDS)) {
                write(folder, capture(qemu.session()));
                qemu.shutdown(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The capture: QEMU's version object (as query-version returns it), its target and its schema. */
    static JsonObject capture(QmpSession session) throws Exception {
        JsonElement version = session.execute("query-version").get(30, TimeUnit.SECONDS);
        JsonElement target = session.execute("query-target").get(30, TimeUnit.SECONDS);
        JsonElement schema = session.execute("query-qmp-schema").get(30, TimeUnit.SECONDS);
        JsonObject capture = new JsonObject();
        capture.add("version", version);
        capture.add("target", target);
        capture.add("schema", schema);
        return capture;
    }

    /**
     * The file name of a capture: the build (the first word of the package, {@code qemu} for an
     * upstream build), the version and the architecture, such as {@code debian-10.0.2-x86_64.json}.
     */
    static String fileName(JsonObject capture) {
        JsonObject version = capture.getAsJsonObject("version");
        JsonObject qemu = version.getAsJsonObject("qemu");
        String pkg = version.has("package") ? version.get("package").getAsString().trim() : "";
        String build = pkg.isEmpty() || pkg.matches("v?\\d.*") ? "qemu"
                : pkg.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String arch = capture.has("target") ? capture.getAsJsonObject("target").get("arch").getAsString() : "unknown";
        return build + "-" + qemu.get("major").getAsInt() + "." + qemu.get("minor").getAsInt() + "."
                + qemu.get("micro").getAsInt() + "-" + arch + ".json";
    }

    /** Writes the capture into the folder under its {@link #fileName}; returns the file. */
    static Path write(Path folder, JsonObject capture) throws IOException {
        Files.createDirectories(folder);
        Path output = folder.resolve(fileName(capture));
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(capture) + "\n";
        Files.writeString(output, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + output + " (" + capture.getAsJsonArray("schema").size() + " schema entries)");
        return output;
    }
}
