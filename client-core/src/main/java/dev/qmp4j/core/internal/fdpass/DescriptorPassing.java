package dev.qmp4j.core.internal.fdpass;

import dev.qmp4j.core.QmpEndpoint;
import dev.qmp4j.core.QmpException;
import dev.qmp4j.core.QmpFileDescriptors;
import dev.qmp4j.core.internal.transport.LoopSockets;
import dev.qmp4j.core.internal.transport.OutboundDescriptors;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * File descriptor passing through junixsocket, an optional dependency: whether it can be had
 * here, the sockets for the loops of sessions that pass descriptors, and the SDK's own duplicates
 * of what a command sends. Names junixsocket only by its class name, so that nothing fails to load
 * without it; only passing descriptors fails then, saying why.
 */
public final class DescriptorPassing {
    private static final String JUNIXSOCKET = "junixsocket (Maven: com.kohlschutter.junixsocket:junixsocket-core,"
            + " type pom; JPMS: requires org.newsclub.net.unix)";

    private DescriptorPassing() {
    }

    /** Decided once, on first use. */
    private static final class Availability {
        static final String UNAVAILABLE = check();

        private static String check() {
            try {
                Class.forName("org.newsclub.net.unix.AFSocket", false, DescriptorPassing.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return JUNIXSOCKET + " is not on the class path or module path";
            }
            try {
                String reason = JunixsocketSockets.unsupportedReason();
                return reason == null ? null : JUNIXSOCKET + " cannot be used here: " + reason;
            } catch (LinkageError e) {
                return JUNIXSOCKET + " cannot be used here: " + e;
            }
        }
    }

    /**
     * Why this JVM cannot pass file descriptors.
     *
     * @return the reason, or empty when it can
     */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Availability.UNAVAILABLE);
    }

    /** The sockets of loops whose sessions pass descriptors; only when {@link #unavailableReason()} is empty. */
    public static LoopSockets sockets() {
        if (Availability.UNAVAILABLE != null) {
            throw new IllegalStateException(Availability.UNAVAILABLE);
        }
        return JunixsocketSockets.INSTANCE;
    }

    /**
     * Why a session cannot send descriptors with {@code command}, or null when it can.
     *
     * @param enabled whether its client has file descriptor passing on
     * @param sockets the sockets of the session's loop
     */
    public static String refusal(String command, QmpEndpoint endpoint, boolean enabled, LoopSockets sockets) {
        String prefix = "cannot send file descriptors with " + command + " to " + endpoint + ": ";
        if (endpoint.unixPath().isEmpty()) {
            return prefix + "they travel only over a UNIX socket, and this is a TCP endpoint; nothing was sent";
        }
        if (!enabled) {
            return prefix + "file descriptor passing is off for this client; turn it on with"
                    + " QmpClientOptions.builder().fileDescriptorPassing(true); nothing was sent";
        }
        if (!sockets.passesDescriptors()) {
            return prefix + unavailableReason().orElse("this session's socket cannot pass them") + "; nothing was sent";
        }
        return null;
    }

    /**
     * The SDK's own descriptors for one command: a duplicate of each of the caller's (which stay
     * the caller's, open), or of the file it opens (closed again at once). Made on the caller's
     * thread, so that a closed descriptor or a missing file fails the call, unsent.
     *
     * @throws QmpException naming the descriptor or file that could not be had; whatever was made is closed
     */
    public static OutboundDescriptors prepare(String command, QmpFileDescriptors descriptors) {
        List<FileDescriptor> duplicates = new ArrayList<>();
        try {
            if (descriptors.file().isPresent()) {
                duplicates.add(openAndDuplicate(command, descriptors.file().get(), descriptors.access().orElseThrow()));
            } else {
                List<FileDescriptor> given = descriptors.descriptors();
                for (int i = 0; i < given.size(); i++) {
                    duplicates.add(duplicate(command, given.get(i), i, given.size()));
                }
            }
        } catch (RuntimeException e) {
            duplicates.forEach(OutboundDescriptors::closeQuietly);
            throw e;
        }
        return new OutboundDescriptors(duplicates);
    }

    private static FileDescriptor duplicate(String command, FileDescriptor fd, int index, int count) {
        String which = "file descriptor " + (index + 1) + " of " + count + " for " + command;
        if (!fd.valid()) {
            throw new QmpException(which + " is not open (closed already?); nothing was sent");
        }
        try {
            return JunixsocketSockets.duplicate(fd);
        } catch (IOException e) {
            throw new QmpException(which + " is not open (" + e.getMessage() + "); nothing was sent", e);
        }
    }

    private static FileDescriptor openAndDuplicate(String command, Path file, QmpFileDescriptors.Access access) {
        try {
            if (access != QmpFileDescriptors.Access.APPEND && !Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            try (Closeable opened = switch (access) {
                case READ -> new FileInputStream(file.toFile());
                case READ_WRITE -> new RandomAccessFile(file.toFile(), "rw");
                case APPEND -> new FileOutputStream(file.toFile(), true);
            }) {
                FileDescriptor fd = opened instanceof FileInputStream in ? in.getFD()
                        : opened instanceof RandomAccessFile raf ? raf.getFD() : ((FileOutputStream) opened).getFD();
                return JunixsocketSockets.duplicate(fd);
            }
        } catch (IOException e) {
            throw new QmpException("cannot open " + file + " (" + access + ") for " + command + ": " + e
                    + "; nothing was sent", e);
        }
    }
}
