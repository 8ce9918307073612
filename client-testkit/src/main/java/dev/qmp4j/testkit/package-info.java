/**
 * Test support for qmp4j: {@link dev.qmp4j.testkit.QmpSimulator}, an embedded server that speaks
 * QMP like QEMU 7.2 over real sockets and can inject faults. It needs no test framework; the
 * module {@code dev.qmp4j.testkit.junit5} (artifact {@code qmp4j-client-testkit-junit5}) runs one
 * per JUnit 5 test.
 */
package dev.qmp4j.testkit;
