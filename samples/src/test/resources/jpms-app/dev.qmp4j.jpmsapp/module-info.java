/** A modular application using qmp4j as its users would: only through the exported packages. */
module dev.qmp4j.jpmsapp {
    requires dev.qmp4j.blocking;
    requires dev.qmp4j.reactive;
    // File descriptor passing, an optional dependency of the core: junixsocket and its native library.
    requires org.newsclub.net.unix;
    requires com.kohlschutter.junixsocket.nativecommon;
}
