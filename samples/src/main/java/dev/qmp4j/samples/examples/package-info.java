/**
 * Short, runnable programs, one per API style: the blocking life cycle of a VM, watching events
 * with Reactor, the typed vocabulary in the three styles, and race-free hot-unplug. Each keeps
 * its logic in a method that takes a session, so that the tests run it against the simulator
 * and a real QEMU; the part between {@code README-BEGIN} and {@code README-END} is what the README
 * shows.
 */
package dev.qmp4j.samples.examples;
