package dev.qmp4j.e2e.fuzz;

import java.util.Set;

/**
 * One broken invariant: which case (its seed reruns it alone), what was being done and what
 * happened.
 *
 * @param seed the case's seed, or the run's seed for a run-level failure (a leak)
 * @param what the call or check, such as {@code execute(query-status)} or {@code file descriptors}
 * @param detail what happened, with the exception's type and where it was thrown
 */
record FuzzFailure(long seed, Set<Family> families, Invariant invariant, String what, String detail) {

    /** The invariants checked on every case, and at the end of a run. */
    enum Invariant {
        /** A future failed, or a call threw, with something other than a QmpException. */
        NOT_A_QMP_EXCEPTION,
        /** A future was still pending well after its timeout (or a close took that long). */
        OUTLIVED_ITS_TIMEOUT,
        /** The bystander session on the same client stopped answering: the loop died or stalled. */
        BYSTANDER_UNANSWERED,
        /** A valid session did not give the scripted results. */
        WRONG_RESULT,
        /** qmp4j threads still running after the client closed, or its I/O thread gone before. */
        THREAD_LEAK,
        /** More file descriptors open after the cases than before. */
        FD_LEAK
    }

    /** What makes two failures the same bug, give or take the seed. */
    String signature() {
        int cut = detail.indexOf(':');
        String call = what.replaceAll("\\(.*\\)", "(...)");
        return invariant + " " + call + " " + (cut < 0 ? detail : detail.substring(0, cut));
    }

    @Override
    public String toString() {
        return invariant + " in " + what + ": " + detail + " [families " + families + "; rerun with -Dqmp4j.fuzz.seed="
                + seed + "]";
    }
}
