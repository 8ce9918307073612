package dev.qmp4j.core;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a QMP monitor can be reached: a UNIX domain socket path or a TCP host and port.
 *
 * <p>The same endpoint serves both directions: {@link QmpClient#connect(QmpEndpoint)} connects to
 * a QEMU that listens ({@code -qmp unix:PATH,server=on}), while {@link QmpClient#listen(QmpEndpoint)}
 * listens on it so that QEMU connects to the client ({@code -qmp unix:PATH}), the race-free way to
 * start QEMU.
 */
public final class QmpEndpoint {
    private final SocketAddress address;

    private QmpEndpoint(SocketAddress address) {
        this.address = address;
    }

    /**
     * A UNIX domain socket endpoint.
     *
     * @param path the socket file path
     * @return the endpoint
     */
    public static QmpEndpoint unix(Path path) {
        Objects.requireNonNull(path, "path");
        return new QmpEndpoint(UnixDomainSocketAddress.of(path));
    }

    /**
     * A TCP endpoint. The host name is resolved when the endpoint is used, not now.
     *
     * @param host host name or address literal
     * @param port port number, 0 to 65535 (0 only makes sense for {@link QmpClient#listen})
     * @return the endpoint
     * @throws IllegalArgumentException if the port is out of range or the host is blank
     */
    public static QmpEndpoint tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("TCP host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 0..65535, got " + port);
        }
        return new QmpEndpoint(InetSocketAddress.createUnresolved(host, port));
    }

    /**
     * Wraps a socket address of a supported kind.
     *
     * @param address an {@link InetSocketAddress} or {@link UnixDomainSocketAddress}
     * @return the endpoint
     * @throws IllegalArgumentException for any other kind of address
     */
    public static QmpEndpoint of(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("unsupported socket address type: " + address.getClass().getName());
        }
        return new QmpEndpoint(address);
    }

    /**
     * The UNIX socket path, when this is a UNIX endpoint.
     *
     * @return the path, or empty for TCP
     */
    public Optional<Path> unixPath() {
        return address instanceof UnixDomainSocketAddress unix ? Optional.of(unix.getPath()) : Optional.empty();
    }

    /**
     * The socket address, resolving a TCP host name if it was not resolved yet.
     *
     * @return a socket address usable with {@code java.nio} channels
     */
    public SocketAddress socketAddress() {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            return new InetSocketAddress(inet.getHostString(), inet.getPort());
        }
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QmpEndpoint other && address.equals(other.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    /** Returns {@code unix:PATH} or {@code tcp:HOST:PORT}, as QEMU writes endpoints. */
    @Override
    public String toString() {
        if (address instanceof UnixDomainSocketAddress unix) {
            return "unix:" + unix.getPath();
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        return "tcp:" + inet.getHostString() + ":" + inet.getPort();
    }
}
