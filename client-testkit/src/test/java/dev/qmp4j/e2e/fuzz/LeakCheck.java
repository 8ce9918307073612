package dev.qmp4j.e2e.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Counts what a run could leak: qmp4j threads and this process's file descriptors. */
public final class LeakCheck {
    private LeakCheck() {
    }

    /** The live threads named {@code qmp4j-*} (I/O and callback threads of every client). */
    public static Set<Thread> qmpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("qmp4j-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    /** How many file descriptors this process has open. */
    public static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
