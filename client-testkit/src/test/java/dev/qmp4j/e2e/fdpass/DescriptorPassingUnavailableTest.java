package dev.qmp4j.e2e.fdpass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where junixsocket cannot be had, a client with descriptor passing on still works; only sending
 * descriptors fails, saying why. Each case runs {@link DescriptorPassingProbe} in a child JVM:
 * once with junixsocket's native library turned off (as on a platform it has none for), once
 * without junixsocket on the class path at all.
 */
@Timeout(120)
class DescriptorPassingUnavailableTest {
    @TempDir
    Path temp;

    @Test
    void withoutItsNativeLibraryOnlyPassingDescriptorsFails() throws Exception {
        List<String> lines = probe(System.getProperty("java.class.path"), "-Dorg.newsclub.net.unix.library.disable=true");
        assertEquals("status: prelaunch", lines.get(0), lines::toString);
        assertTrue(lines.get(1).matches("refused: cannot send file descriptors with getfd to unix:.*: junixsocket \\(Maven:"
                + " com.kohlschutter.junixsocket:junixsocket-core, type pom; JPMS: requires org.newsclub.net.unix\\)"
                + " cannot be used here: .*; nothing was sent"), lines::toString);
        assertEquals("status again: prelaunch", lines.get(2), lines::toString);
    }

    @Test
    void withoutJunixsocketOnTheClassPathOnlyPassingDescriptorsFails() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("junixsocket")).collect(Collectors.joining(File.pathSeparator));
        List<String> lines = probe(classPath);
        assertEquals("status: prelaunch", lines.get(0), lines::toString);
        assertTrue(lines.get(1).matches("refused: cannot send file descriptors with getfd to unix:.*: junixsocket \\(Maven:"
                + " com.kohlschutter.junixsocket:junixsocket-core, type pom; JPMS: requires org.newsclub.net.unix\\)"
                + " is not on the class path or module path; nothing was sent"), lines::toString);
        assertEquals("status again: prelaunch", lines.get(2), lines::toString);
    }

    /** The probe's lines of output, but for log lines (the client's warning that passing is unavailable). */
    private List<String> probe(String classPath, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath, DescriptorPassingProbe.class.getName()));
        Path output = temp.resolve("output.txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = child.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, "the probe did not end: " + printed);
        assertEquals(0, child.exitValue(), printed);
        assertTrue(printed.contains("file descriptor passing was asked for, but junixsocket"), printed);
        return printed.lines().filter(line -> line.startsWith("status") || line.startsWith("refused")
                || line.equals("sent")).toList();
    }
}
