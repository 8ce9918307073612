/**
 * qmp4j testkit for JUnit 5: {@code QmpSimulatorExtension} runs a simulator per test, and
 * {@code @WithQemu} and {@code @ForEachQemu} run tests against a real QEMU. Both inject sessions of
 * every style whose module is present.
 */
@SuppressWarnings("module") // "junit5" ends in a digit: the name follows the package and the artifact
module dev.qmp4j.testkit.junit5 {
    requires transitive dev.qmp4j.testkit;
    requires transitive org.junit.jupiter.api;
    requires static dev.qmp4j.reactive;
    requires static dev.qmp4j.blocking;

    exports dev.qmp4j.testkit.junit5;
}
