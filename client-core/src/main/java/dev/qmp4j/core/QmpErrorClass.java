package dev.qmp4j.core;

/**
 * The error classes QEMU puts in {@code {"error": {"class": ...}}}. Most errors are
 * {@link #GENERIC_ERROR}; a class this enum does not know is {@link #UNKNOWN}, and
 * {@link QmpCommandException#rawErrorClass()} keeps its text.
 */
public enum QmpErrorClass {
    /** {@code GenericError}: the class of most errors. */
    GENERIC_ERROR("GenericError"),
    /** {@code CommandNotFound}: no such command, or not in this mode. */
    COMMAND_NOT_FOUND("CommandNotFound"),
    /** {@code DeviceNotActive}: the device exists but is not active. */
    DEVICE_NOT_ACTIVE("DeviceNotActive"),
    /** {@code DeviceNotFound}: no device by that name. */
    DEVICE_NOT_FOUND("DeviceNotFound"),
    /** {@code KVMMissingCap}: KVM lacks a capability the command needs. */
    KVM_MISSING_CAP("KVMMissingCap"),
    /** Any class not listed here; see {@link QmpCommandException#rawErrorClass()}. */
    UNKNOWN("");

    private final String wireName;

    QmpErrorClass(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The class name as QEMU writes it, such as {@code GenericError}; empty for {@link #UNKNOWN}.
     *
     * @return the wire name
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Maps a class name as QEMU writes it to the enum.
     *
     * @param wireName the {@code class} member of an error reply
     * @return the matching constant, or {@link #UNKNOWN}
     */
    public static QmpErrorClass fromWireName(String wireName) {
        for (QmpErrorClass c : values()) {
            if (c != UNKNOWN && c.wireName.equals(wireName)) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
