package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code target/qmp}, the launcher {@code mvn package} makes, as a user runs it: which JVM it
 * starts, that the class data archive of the build holds every class a one-shot command loads from
 * the jar, and that an archive the JVM cannot use costs only time, never a word on stdout or
 * stderr.
 */
@Timeout(120)
class LauncherIT {
    /** The launcher the build made (set by the POM). */
    private static final Path LAUNCHER = Path.of(System.getProperty("qmp4j.launcher", "target/qmp")).toAbsolutePath();
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path temp;

    private QmpSimulator simulator;
    private String socket;

    @BeforeEach
    void startSimulator() {
        simulator = QmpSimulator.start();
        simulator.addHandler("echo", request -> QmpReply.success(request.arguments()));
        socket = simulator.endpoint().unixPath().orElseThrow().toString();
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @Test
    void startsJavaHomesJavaWithTheBuildsArchive() throws Exception {
        Path javaHome = fakeJavaHome();
        CliRun.Result r = run(LAUNCHER, Map.of("JAVA_HOME", javaHome.toString()), "exec", "--socket", socket,
                "query-status");
        assertPrintsStatusAndNothingElse(r);
        List<String> arguments = Files.readAllLines(javaHome.resolve("bin/java.arguments"));
        int classPath = arguments.indexOf("-cp");
        assertEquals(LAUNCHER.resolveSibling("qmp.jar"), Path.of(arguments.get(classPath + 1)), arguments::toString);
        assertEquals(List.of(QmpCli.class.getName(), "exec", "--socket", socket, "query-status"),
                arguments.subList(classPath + 2, arguments.size()));
        String classes = Files.readString(javaHome.resolve("bin/java.classes"));
        assertTrue(classes.contains("dev.qmp4j.samples.cli.QmpCli source: shared objects file"),
                "QmpCli came from the build's archive:\n" + classes.lines().filter(l -> l.contains("QmpCli")).toList());
        assertEquals(List.of(), classes.lines().filter(l -> l.contains(" source: file:")).toList(),
                "classes the one-shot loaded from the jar rather than the archive");
    }

    @Test
    void onlyExecCompilesLate() throws Exception {
        Path javaHome = fakeJavaHome();
        assertEquals(ExitCodes.OK, run(LAUNCHER, Map.of("JAVA_HOME", javaHome.toString()), "exec", "--socket", socket,
                "query-status").exitCode());
        assertTrue(Files.readAllLines(javaHome.resolve("bin/java.arguments"))
                .contains("-XX:CompileThresholdScaling=10"));
        CliRun.Result r = run(LAUNCHER, Map.of("JAVA_HOME", javaHome.toString()), "bench", "--socket", socket,
                "--count", "10", "--warmup", "0");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        List<String> arguments = Files.readAllLines(javaHome.resolve("bin/java.arguments"));
        assertTrue(arguments.stream().noneMatch(a -> a.startsWith("-XX:CompileThresholdScaling")), arguments::toString);
    }

    @Test
    void withoutJavaHomeStartsTheJavaOnPath() throws Exception {
        Path javaHome = fakeJavaHome();
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", null);
        environment.put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
        CliRun.Result r = run(LAUNCHER, environment, "exec", "--socket", socket, "query-status");
        assertPrintsStatusAndNothingElse(r);
        assertTrue(Files.readAllLines(javaHome.resolve("bin/java.arguments")).contains("-cp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "garbage", "made for the jar elsewhere"})
    void anArchiveTheJvmCannotUseIsSkippedSilently(String archive) throws Exception {
        Path copy = Files.createDirectories(temp.resolve("copy"));
        Files.copy(LAUNCHER, copy.resolve("qmp"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(LAUNCHER.resolveSibling("qmp.jar"), copy.resolve("qmp.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        if (archive.equals("garbage")) {
            Files.write(copy.resolve("qmp.jsa"), new byte[64 * 1024]);
        } else if (!archive.equals("none")) {
            Files.copy(LAUNCHER.resolveSibling("qmp.jsa"), copy.resolve("qmp.jsa"));
        }
        assertPrintsStatusAndNothingElse(run(copy.resolve("qmp"), Map.of(), "exec", "--socket", socket, "query-status"));
    }

    @Test
    void aLinkToTheLauncherFindsTheJarFromAnyDirectory() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("qmp"), LAUNCHER);
        try {
            assertPrintsStatusAndNothingElse(run(link, Map.of(), "exec", "--socket", socket, "query-status"));
        } finally {
            Files.delete(link); // before JUnit cleans up, which warns about a link out of its directory
        }
    }

    @Test
    void argumentsReachTheToolAsTheyWereGiven() throws Exception {
        CliRun.Result r = run(LAUNCHER, Map.of(), "exec", "--socket", socket, "echo", "text=two  words, \"quoted\" $HOME *");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("two  words, \"quoted\" $HOME *",
                JsonParser.parseString(r.out()).getAsJsonObject().get("text").getAsString());
    }

    @Test
    void theToolsExitCodeAndErrorsComeThrough() throws Exception {
        CliRun.Result r = run(LAUNCHER, Map.of(), "exec", "--socket", temp.resolve("none").toString(), "query-status");
        assertEquals(ExitCodes.CONNECTION, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("qmp: cannot connect to unix:"), r::toString);
    }

    private static void assertPrintsStatusAndNothingElse(CliRun.Result r) {
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("prelaunch", JsonParser.parseString(r.out()).getAsJsonObject().get("status").getAsString());
        assertEquals("", r.err());
    }

    /**
     * A JAVA_HOME whose {@code bin/java} writes its arguments to {@code bin/java.arguments}, one a
     * line, then runs this JVM with them, logging where each class came from to
     * {@code bin/java.classes}.
     */
    private Path fakeJavaHome() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, String.join("\n",
                "#!/usr/bin/env bash",
                "printf '%s\\n' \"$@\" > \"$0.arguments\"",
                "options=()",
                "for arg in \"$@\"; do",
                "  if [[ $arg == -cp ]]; then options+=(\"-Xlog:class+load:file=$0.classes\"); fi",
                "  options+=(\"$arg\")",
                "done",
                "exec '" + JAVA + "' \"${options[@]}\"",
                ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    /** Runs a launcher in the temporary directory, with these environment variables set (or removed where null). */
    private CliRun.Result run(Path launcher, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return CliProcess.run(command, temp, environment, "");
    }
}
