/**
 * qmp4j testkit: an embedded QMP simulator with fault injection, for tests with any framework.
 * The JUnit 5 extensions are in {@code dev.qmp4j.testkit.junit5}.
 */
module dev.qmp4j.testkit {
    requires transitive dev.qmp4j.core;
    requires transitive com.google.gson;

    exports dev.qmp4j.testkit;
}
