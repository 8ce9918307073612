package dev.qmp4j.e2e.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks, once a test class is done (all its runs, one per QEMU), that its tests left no QEMU
 * process, no qmp4j thread and no launcher directory behind.
 */
final class NothingLeftBehind implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NothingLeftBehind.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        context.getStore(NAMESPACE).put("dirs", launcherDirectories());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("pid " + p.pid())).toList(), "QEMU processes left running");
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("qmp4j-")).toList(), "qmp4j threads left running");
        @SuppressWarnings("unchecked")
        List<Path> before = context.getStore(NAMESPACE).get("dirs", List.class);
        List<Path> left = launcherDirectories().stream()
                .filter(dir -> !before.contains(dir) && !inUseByAnotherProcess(dir)).toList();
        assertEquals(List.of(), left, "launcher directories left behind");
    }

    /**
     * Whether a live process names the directory: a QEMU of another JVM on this machine (this
     * one's are all gone by now), whose directories come and go while these tests run.
     */
    private static boolean inUseByAnotherProcess(Path dir) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(dir.toString()));
    }

    private static List<Path> launcherDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("qmp4j-qemu-")).sorted().toList();
        }
    }
}
