package dev.qmp4j.samples.cli;

import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.QmpGreeting;

/** What {@code qmp shell} prints first on a terminal: which shell, which QEMU, which capabilities. */
final class ShellBanner {
    private ShellBanner() {
    }

    /**
     * The banner.
     *
     * @param session the session in command mode
     * @param humanMonitor whether the shell runs human monitor commands ({@code -H})
     * @return three lines, such as {@code Welcome to the QMP shell of qmp4j 0.1.0, like QEMU's qmp-shell.},
     *     {@code Connected to QEMU 7.2.22 (Debian ...) at unix:/tmp/qmp.sock; capabilities offered [oob], enabled [oob].}
     *     and how to get help
     */
    static String text(BlockingQmpSession session, boolean humanMonitor) {
        QmpGreeting greeting = session.greeting();
        return String.join("\n",
                "Welcome to the " + (humanMonitor ? "HMP" : "QMP") + " shell of qmp4j " + ToolVersion.version()
                        + ", like QEMU's qmp-shell" + (humanMonitor ? " -H" : "") + ".",
                "Connected to QEMU " + greeting.version()
                        + (greeting.packageName().isEmpty() ? "" : " (" + greeting.packageName() + ")")
                        + " at " + session.endpoint() + "; capabilities offered " + greeting.capabilities()
                        + ", enabled " + session.enabledCapabilities() + ".",
                humanMonitor ? "Every line is a human monitor command (help lists them). Tab completes; Ctrl-D leaves."
                        : "Type help for help. Tab completes; Ctrl-D leaves.");
    }
}
