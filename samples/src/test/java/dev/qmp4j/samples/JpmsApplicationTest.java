package dev.qmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.testkit.QmpSimulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application ({@code src/test/resources/jpms-app}, a {@code module-info.java} that
 * requires {@code dev.qmp4j.blocking}, {@code dev.qmp4j.reactive} and junixsocket's two modules,
 * for file descriptor passing) is compiled against the
 * qmp4j modules and run in a child JVM on the module path only, against the simulator: what a
 * JPMS user does, where an automatic module's missing dependency shows only at run time.
 */
@Timeout(120)
class JpmsApplicationTest {
    /** What the application needs on its module path, by the file or folder names of the test's class path. */
    private static final Pattern MODULES = Pattern.compile(
            ".*(client-core|client-blocking|client-reactive|qmp4j-client-(core|blocking|reactive)|gson|okio|kotlin-stdlib"
                    + "|slf4j-api|slf4j-simple|reactor-core|reactive-streams|junixsocket-common|junixsocket-native-common).*");

    @TempDir
    Path temp;

    @Test
    void aModularApplicationConnectsInEveryStyle() throws Exception {
        List<String> modulePath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (MODULES.matcher(entry.replace(File.separatorChar, '/')).matches() && !entry.contains("test-classes")
                    && !entry.contains("annotations")) {
                modulePath.add(entry);
            }
        }
        Path classes = temp.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> sources = new ArrayList<>();
        Path root = Path.of("src/test/resources/jpms-app");
        try (var files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        List<String> compile = new ArrayList<>(List.of("-d", classes.toString(), "--module-source-path",
                root.toString(), "--module-path", String.join(File.pathSeparator, modulePath)));
        compile.addAll(sources);
        assertEquals(0, javac.run(null, null, null, compile.toArray(String[]::new)), "the application compiles");

        try (QmpSimulator simulator = QmpSimulator.start()) {
            Path socket = simulator.endpoint().unixPath().orElseThrow();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path output = temp.resolve("output.txt");
            Process app = new ProcessBuilder(java.toString(), "--module-path",
                    classes + File.pathSeparator + String.join(File.pathSeparator, modulePath),
                    "--module", "dev.qmp4j.jpmsapp/dev.qmp4j.jpmsapp.Main", socket.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = app.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                app.destroyForcibly();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(ended, "the application did not end: " + printed);
            assertEquals(0, app.exitValue(), printed);
            assertTrue(printed.contains("blocking: prelaunch\n") && printed.contains("reactive: prelaunch\n"), printed);
            assertTrue(printed.contains("with a descriptor: prelaunch\n"), printed);
        }
    }
}
