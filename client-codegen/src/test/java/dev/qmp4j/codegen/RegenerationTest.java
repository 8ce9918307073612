package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's regeneration steps: {@code exec:java@capture} adds a capture of the given QEMU to
 * the captures folder (beside, not instead of, the others) and {@code exec:java@generate} merges
 * them all. Runs the two programs the POM's executions run, with the POM's arguments, against every
 * QEMU the real-QEMU tests use ({@code QMP4J_QEMU_BINARIES}, else {@code QMP4J_QEMU_BINARY}, else
 * {@code qemu-system-x86_64} on {@code PATH}).
 */
class RegenerationTest {
    private static final Path README = Path.of("../README.md");
    private static final Path POM = Path.of("pom.xml");

    @Test
    void theReadmeAndThePomAgreeOnTheSteps() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String pom = Files.readString(POM, StandardCharsets.UTF_8);
        assertTrue(readme.contains("mvn -q -pl client-codegen exec:java@capture -Dqemu.binary="), "capture step");
        assertTrue(readme.contains("mvn -q -pl client-codegen exec:java@generate"), "generate step");
        assertTrue(pom.contains("<argument>${project.basedir}/schema/captures</argument>"),
                "the POM resolves the captures folder from the module, wherever mvn runs");
        assertFalse(pom.contains("<argument>schema/"), "no path relative to the working directory");
    }

    @Test
    void captureAddsToTheSetAndGenerateMergesIt(@TempDir Path temp) throws Exception {
        List<Path> binaries = binaries();
        if (binaries.isEmpty()) {
            if ("1".equals(System.getenv("QMP4J_REQUIRE_QEMU"))) {
                fail("QMP4J_REQUIRE_QEMU=1 but no QEMU: set QMP4J_QEMU_BINARIES or put qemu-system-x86_64 on PATH");
            }
            Assumptions.abort("no QEMU (QMP4J_QEMU_BINARIES, QMP4J_QEMU_BINARY or qemu-system-x86_64 on PATH)");
        }
        Path captures = Files.createDirectories(temp.resolve("captures"));
        List<String> committed = new ArrayList<>();
        try (Stream<Path> files = Files.list(GeneratedSources.COMMITTED_CAPTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(f, captures.resolve(f.getFileName()));
                committed.add(f.getFileName().toString());
            }
        }
        for (Path binary : binaries) {
            SchemaCapture.main(new String[] {captures.toString(), "--binary", binary.toString()});
        }
        List<String> after;
        try (Stream<Path> files = Files.list(captures)) {
            after = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(after.containsAll(committed), "every committed capture is still there: " + after);
        for (String name : after) {
            assertTrue(name.matches("[a-z0-9-]+-\\d+\\.\\d+\\.\\d+-[a-z0-9_]+\\.json"), name);
            JsonParser.parseString(Files.readString(captures.resolve(name))).getAsJsonObject().get("schema")
                    .getAsJsonArray();
        }
        Generator.main(new String[] {captures.toString(), "--core", temp.resolve("core").toString(),
                "--reactive", temp.resolve("reactive").toString(), "--blocking", temp.resolve("blocking").toString()});
        Path status = temp.resolve("core/dev/qmp4j/core/types/StatusInfo.java");
        String header = Files.readAllLines(status).get(0);
        Schema merged = Generator.readCaptures(captures);
        for (String version : merged.versions()) {
            assertTrue(header.contains(version), header);
        }
        assertTrue(Files.exists(temp.resolve("reactive/dev/qmp4j/reactive/ReactiveQmpCommands.java")));
        assertTrue(Files.exists(temp.resolve("blocking/dev/qmp4j/blocking/BlockingQmpCommands.java")));
    }

    private static List<Path> binaries() {
        Set<Path> found = new LinkedHashSet<>();
        String list = System.getenv("QMP4J_QEMU_BINARIES");
        String one = System.getenv("QMP4J_QEMU_BINARY");
        if (list != null && !list.isBlank()) {
            for (String p : list.split(":")) {
                if (!p.isBlank()) {
                    found.add(Path.of(p));
                }
            }
        } else if (one != null && !one.isBlank()) {
            found.add(Path.of(one));
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "qemu-system-x86_64");
                if (Files.isExecutable(candidate)) {
                    found.add(candidate);
                    break;
                }
            }
        }
        return new ArrayList<>(found);
    }
}
