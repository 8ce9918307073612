/** A modular application using qmp4j as its users would: only through the exported packages. */
module dev.qmp4j.jpmsapp {
    requires dev.qmp4j.blocking;
    requires dev.qmp4j.reactive;
}
