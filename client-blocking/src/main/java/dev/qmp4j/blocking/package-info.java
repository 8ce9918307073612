/**
 * The blocking API of qmp4j: {@link dev.qmp4j.blocking.BlockingQmpClient},
 * {@link dev.qmp4j.blocking.BlockingQmpListener}, {@link dev.qmp4j.blocking.BlockingQmpSession}
 * and {@link dev.qmp4j.blocking.BlockingEventSubscription}. Each is a thin layer over its
 * counterpart in {@code dev.qmp4j.core}: the same method names, the same exceptions, plain
 * values instead of futures.
 *
 * <p>Every wait is bounded by the call's timeout (for commands: the core's own timer plus a small
 * grace). A call that times out or whose thread is interrupted cancels what it waited for; an
 * interrupt is reported as a {@link dev.qmp4j.core.QmpException} caused by the
 * {@link java.lang.InterruptedException}, with the thread's interrupt flag set again.
 */
package dev.qmp4j.blocking;
