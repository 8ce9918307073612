/**
 * Test support for qmp4j: {@link dev.qmp4j.testkit.QmpSimulator}, an embedded server that speaks
 * QMP like QEMU 7.2 over real sockets and can inject faults, and
 * {@link dev.qmp4j.testkit.QmpSimulatorExtension} to run one per JUnit 5 test.
 */
package dev.qmp4j.testkit;
