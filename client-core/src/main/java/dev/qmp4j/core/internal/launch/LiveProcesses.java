package dev.qmp4j.core.internal.launch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The QEMU processes this JVM started and has not stopped yet. A shutdown hook, registered on
 * first use, closes whatever is left when the JVM exits, so that no QEMU outlives it (short of
 * the JVM being killed with SIGKILL, which runs no hook).
 */
public final class LiveProcesses {
    private static final Set<AutoCloseable> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private LiveProcesses() {
    }

    /**
     * Remembers a process until {@link #remove}.
     *
     * @param process what to close at JVM exit
     */
    public static void add(AutoCloseable process) {
        installHook();
        LIVE.add(process);
    }

    /**
     * Forgets a process that was stopped.
     *
     * @param process the process
     */
    public static void remove(AutoCloseable process) {
        LIVE.remove(process);
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveProcesses::closeAll, "qmp4j-qemu-reaper"));
            hookInstalled = true;
        }
    }

    private static void closeAll() {
        for (AutoCloseable p : LIVE) {
            try {
                p.close();
            } catch (Exception e) {
                // The JVM is exiting; nothing more can be done for this one.
            }
        }
    }
}
