package dev.qmp4j.testkit;

/** The run states the simulator reports in {@code query-status}, with QEMU's names. */
public enum SimulatedRunState {
    /** Not started yet, as with {@code -S}; {@code cont} starts it. */
    PRELAUNCH("prelaunch"),
    /** Running. */
    RUNNING("running"),
    /** Stopped by {@code stop}. */
    PAUSED("paused");

    private final String qmpName;

    SimulatedRunState(String qmpName) {
        this.qmpName = qmpName;
    }

    /**
     * The name QEMU uses on the wire.
     *
     * @return for example {@code "prelaunch"}
     */
    public String qmpName() {
        return qmpName;
    }
}
