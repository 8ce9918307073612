package dev.qmp4j.core;

import java.io.FileDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * File descriptors to send with one command, as QEMU's {@code getfd} and {@code add-fd} take
 * them: as SCM_RIGHTS ancillary data on the QMP UNIX socket, with the message that carries the
 * command. Either descriptors the caller has open ({@link #of(FileDescriptor...)}), or a file the
 * SDK opens for the call ({@link #open(Path, Access)}). A value: nothing is opened or duplicated
 * until a command is run with it, and it may be used for several.
 *
 * <p>Who closes what: the SDK never closes a descriptor the caller passed. It sends its own
 * duplicate, made when the command is run (so the caller may close theirs as soon as that call
 * returned or failed), and closes the duplicate once it was sent, or when the command fails
 * before that. A file the SDK opened is closed the same way. QEMU keeps its own copy.
 *
 * <p>From a {@code RandomAccessFile}, {@code FileInputStream} or {@code FileOutputStream}, pass
 * {@code getFD()}. A {@code FileChannel} has no public way to its descriptor in the JDK: open it
 * with {@code RandomAccessFile} instead, or let the SDK open the file.
 *
 * <p>QEMU's {@code getfd} and {@code add-fd} take one descriptor each; QEMU closes any others
 * that come with the command.
 */
public final class QmpFileDescriptors {
    /** The most descriptors one message may carry (Linux's SCM_MAX_FD). */
    public static final int MAX_DESCRIPTORS = 253;

    /** How the SDK opens a file for {@link #open(Path, Access)}; QEMU picks descriptors of a set by it. */
    public enum Access {
        /** Read only ({@code O_RDONLY}); the file must exist. */
        READ,
        /** Read and write ({@code O_RDWR}), never truncated; the file must exist. */
        READ_WRITE,
        /** Write only, appending ({@code O_WRONLY|O_APPEND}); created when missing. */
        APPEND
    }

    private final List<FileDescriptor> descriptors;
    private final Path file;
    private final Access access;

    private QmpFileDescriptors(List<FileDescriptor> descriptors, Path file, Access access) {
        this.descriptors = descriptors;
        this.file = file;
        this.access = access;
    }

    /**
     * Descriptors the caller has open; the SDK never closes them.
     *
     * @param descriptors one or more, at most {@link #MAX_DESCRIPTORS}, sent in this order
     * @return the value
     * @throws IllegalArgumentException for none or too many
     */
    public static QmpFileDescriptors of(FileDescriptor... descriptors) {
        return of(List.of(descriptors));
    }

    /**
     * Descriptors the caller has open; the SDK never closes them.
     *
     * @param descriptors one or more, at most {@link #MAX_DESCRIPTORS}, sent in this order (copied)
     * @return the value
     * @throws IllegalArgumentException for none or too many
     */
    public static QmpFileDescriptors of(List<FileDescriptor> descriptors) {
        List<FileDescriptor> copy = List.copyOf(descriptors);
        if (copy.isEmpty() || copy.size() > MAX_DESCRIPTORS) {
            throw new IllegalArgumentException("between 1 and " + MAX_DESCRIPTORS
                    + " file descriptors can go with one command, got " + copy.size());
        }
        return new QmpFileDescriptors(copy, null, null);
    }

    /**
     * A file the SDK opens when the command is run, and closes once it was sent or the command
     * failed before that.
     *
     * @param file the file
     * @param access how to open it
     * @return the value
     */
    public static QmpFileDescriptors open(Path file, Access access) {
        return new QmpFileDescriptors(null, Objects.requireNonNull(file, "file"), Objects.requireNonNull(access, "access"));
    }

    /**
     * The caller's descriptors.
     *
     * @return the descriptors given to {@link #of}, or an empty list for a file the SDK opens
     */
    public List<FileDescriptor> descriptors() {
        return descriptors == null ? List.of() : descriptors;
    }

    /**
     * The file the SDK opens.
     *
     * @return the file given to {@link #open}, or empty for the caller's descriptors
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * How the SDK opens {@link #file()}.
     *
     * @return the access given to {@link #open}, or empty for the caller's descriptors
     */
    public Optional<Access> access() {
        return Optional.ofNullable(access);
    }

    @Override
    public String toString() {
        return file != null ? "QmpFileDescriptors[" + file + ", " + access + "]"
                : "QmpFileDescriptors[" + descriptors.size() + " of the caller's]";
    }
}
