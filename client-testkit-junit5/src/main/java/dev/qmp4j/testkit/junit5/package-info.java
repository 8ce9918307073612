/**
 * JUnit 5 extensions for qmp4j: {@link dev.qmp4j.testkit.junit5.QmpSimulatorExtension} starts a
 * {@link dev.qmp4j.testkit.QmpSimulator} per test, and {@link dev.qmp4j.testkit.junit5.WithQemu}
 * and {@link dev.qmp4j.testkit.junit5.ForEachQemu} run tests against a real QEMU, once per
 * configured QEMU binary. Both inject a session connected to their server, as a
 * {@code QmpSession}, a {@code ReactiveQmpSession} or a {@code BlockingQmpSession} (the last two
 * when their modules are present).
 */
package dev.qmp4j.testkit.junit5;
