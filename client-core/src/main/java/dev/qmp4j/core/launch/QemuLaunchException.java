package dev.qmp4j.core.launch;

import dev.qmp4j.core.QmpException;

/**
 * QEMU could not be started, or exited before it connected. The message includes QEMU's own
 * last output line, such as {@code qemu-system-x86_64: -foo: invalid option}; {@link #output()}
 * has the rest of what it printed.
 */
public class QemuLaunchException extends QmpException {
    private static final long serialVersionUID = 1L;

    /** What QEMU printed (its last bytes), possibly empty. */
    private final String output;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with QEMU's last line
     * @param output what QEMU printed (its last bytes), possibly empty
     * @param cause the underlying failure, or null
     */
    public QemuLaunchException(String message, String output, Throwable cause) {
        super(message, cause);
        this.output = output;
    }

    /**
     * What QEMU printed on stdout and stderr (the last bytes, up to the launcher's output limit).
     *
     * @return the output, possibly empty
     */
    public String output() {
        return output;
    }
}
