package dev.qmp4j.testkit;

/** Thrown when something a test waits for on the simulator did not happen in time. */
public final class SimulatorTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was awaited and for how long
     */
    public SimulatorTimeoutException(String message) {
        super(message);
    }
}
