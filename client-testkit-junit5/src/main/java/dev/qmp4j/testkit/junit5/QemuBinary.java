package dev.qmp4j.testkit.junit5;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU binary that real-QEMU tests run against, with the version it reports. A test of a class
 * annotated with {@link ForEachQemu} or {@link WithQemu} takes it as a parameter to learn which
 * QEMU its run is for, for example to start one itself.
 *
 * @param path the executable
 * @param version what {@code --version} reports, such as {@code 10.0.2}; empty when it does not say
 */
public record QemuBinary(Path path, Optional<String> version) {
    private static final Pattern VERSION = Pattern.compile("QEMU emulator version (\\S+)");
    private static final long VERSION_WAIT_SECONDS = 30;

    /**
     * Asks a binary for its version ({@code PATH --version}).
     *
     * @param path the executable
     * @return the binary, with its version when it reports one
     */
    public static QemuBinary probe(Path path) {
        try {
            Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
            if (!process.waitFor(VERSION_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new QemuBinary(path, Optional.empty());
            }
            Matcher matcher = VERSION.matcher(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            return new QemuBinary(path, matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty());
        } catch (IOException e) {
            return new QemuBinary(path, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QemuBinary(path, Optional.empty());
        }
    }

    /** {@code QEMU 10.0.2 (/path/to/qemu-system-x86_64)}, or the path alone when the version is unknown. */
    @Override
    public String toString() {
        return version.map(v -> "QEMU " + v + " (" + path + ")").orElse(path.toString());
    }
}
