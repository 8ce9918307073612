/**
 * qmp4j reactive: a Project Reactor API over the qmp4j core, with cold {@code Mono} commands and
 * hot {@code Flux} events.
 */
module dev.qmp4j.reactive {
    requires transitive dev.qmp4j.core;
    requires transitive reactor.core;
    requires transitive org.reactivestreams;

    exports dev.qmp4j.reactive;
}
