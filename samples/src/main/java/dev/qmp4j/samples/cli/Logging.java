package dev.qmp4j.samples.cli;

/**
 * The tool's logging (SLF4J's simple logger on stderr): warnings only, or with {@code --verbose}
 * the wire log of every QMP message. Must run before the first logger is made.
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean verbose) {
        // The provider the tool bundles, named, so that SLF4J does not search the JDK's modules
        // and the class path for providers; SLF4J then says which one it loads, on stderr,
        // unless its own messages are limited to warnings.
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.qmp4j.wire", "debug");
        }
    }
}
