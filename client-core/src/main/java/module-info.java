/**
 * qmp4j core: the QMP connection engine and its asynchronous API.
 */
// The qualified export below names the blocking module, which is built after this one.
@SuppressWarnings("module")
module dev.qmp4j.core {
    requires transitive com.google.gson;
    requires okio;
    // Okio is an automatic module, and automatic modules declare no dependencies: without this,
    // nothing puts Kotlin's standard library, which Okio needs, into an application's module graph.
    requires kotlin.stdlib;
    requires org.slf4j;
    // File descriptor passing only, and only when a client turns it on: the JDK's socket channels
    // cannot send them. Optional at run time: without it, only passing descriptors fails.
    requires static org.newsclub.net.unix;

    exports dev.qmp4j.core;
    exports dev.qmp4j.core.launch;
    exports dev.qmp4j.core.schema;
    exports dev.qmp4j.core.typed;
    exports dev.qmp4j.core.types;
    // How durations read in messages, shared with the blocking API; not for users.
    exports dev.qmp4j.core.internal to dev.qmp4j.blocking;
}
