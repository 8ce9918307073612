package dev.qmp4j.core;

/**
 * A QEMU version as the greeting and {@code query-version} report it.
 *
 * @param major major version
 * @param minor minor version
 * @param micro micro version
 */
public record QmpVersion(int major, int minor, int micro) implements Comparable<QmpVersion> {

    /**
     * Whether this version is the given one or newer.
     *
     * @param major major version to compare with
     * @param minor minor version to compare with
     * @param micro micro version to compare with
     * @return true when this version is at least {@code major.minor.micro}
     */
    public boolean isAtLeast(int major, int minor, int micro) {
        return compareTo(new QmpVersion(major, minor, micro)) >= 0;
    }

    @Override
    public int compareTo(QmpVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(micro, other.micro);
    }

    /** Returns {@code major.minor.micro}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
