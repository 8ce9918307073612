package dev.qmp4j.samples.cli;

/**
 * The tool's logging (SLF4J's simple logger on stderr): warnings only, or with {@code --verbose}
 * the wire log of every QMP message. Must run before the first logger is made.
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.qmp4j.wire", "debug");
        }
    }
}
