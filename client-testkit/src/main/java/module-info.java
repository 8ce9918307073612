/**
 * qmp4j testkit: an embedded QMP simulator with fault injection, and JUnit 5 extensions.
 */
module dev.qmp4j.testkit {
    requires transitive dev.qmp4j.core;
    requires transitive org.junit.jupiter.api;
    requires transitive com.google.gson;
    requires static dev.qmp4j.reactive;
    requires static dev.qmp4j.blocking;

    exports dev.qmp4j.testkit;
}
