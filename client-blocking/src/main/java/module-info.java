/**
 * qmp4j blocking: a synchronous facade over the core, with a bounded wait for every call and
 * blocking event subscriptions.
 */
module dev.qmp4j.blocking {
    requires transitive dev.qmp4j.core;

    exports dev.qmp4j.blocking;
}
