package dev.qmp4j.core.internal.transport;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File descriptors that the SDK owns (duplicates it made of the caller's, never the caller's own)
 * on their way to the server with one message. Whoever holds them last closes them: the session
 * while the message waits to be sent, the connection once they went out or when it closes.
 */
public final class OutboundDescriptors {
    private static final Logger log = LoggerFactory.getLogger(OutboundDescriptors.class);

    private final FileDescriptor[] descriptors;
    private boolean closed;

    /** Takes ownership of {@code descriptors}. */
    public OutboundDescriptors(List<FileDescriptor> descriptors) {
        this.descriptors = descriptors.toArray(FileDescriptor[]::new);
    }

    /** The descriptors, in the order the server receives them. */
    FileDescriptor[] descriptors() {
        return descriptors.clone();
    }

    /** How many there are. */
    public int count() {
        return descriptors.length;
    }

    /** Closes every descriptor; idempotent, from any thread. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FileDescriptor fd : descriptors) {
            closeQuietly(fd);
        }
    }

    /** Closes one descriptor of any kind (file, socket, pipe). */
    public static void closeQuietly(FileDescriptor fd) {
        // A stream made on a descriptor closes that descriptor when it closes, whatever it refers to.
        try {
            new FileInputStream(fd).close();
        } catch (IOException e) {
            log.debug("closing a passed file descriptor failed", e);
        }
    }
}
