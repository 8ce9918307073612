package dev.qmp4j.core;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The greeting a QMP server sends when a client connects.
 *
 * @param version the QEMU version
 * @param packageName the distribution's package string, such as {@code "Debian 1:7.2+dfsg-7"}; may be empty
 * @param capabilities the capabilities the server offers, such as {@code oob}
 * @param raw the greeting's {@code QMP} object as sent, for members this version does not know
 */
public record QmpGreeting(QmpVersion version, String packageName, List<String> capabilities, JsonObject raw) {

    /**
     * Creates a greeting; copies the list and the JSON object so that the record stays immutable.
     *
     * @param version the QEMU version
     * @param packageName the package string, possibly empty
     * @param capabilities the offered capabilities
     * @param raw the greeting's {@code QMP} object
     */
    public QmpGreeting {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(packageName, "packageName");
        capabilities = List.copyOf(capabilities);
        raw = raw.deepCopy();
    }

    /**
     * The greeting's {@code QMP} object; a copy, so changing it changes nothing here.
     *
     * @return the raw greeting object
     */
    @Override
    public JsonObject raw() {
        return raw.deepCopy();
    }

    /**
     * Whether the server offers a capability.
     *
     * @param capability a capability name such as {@code oob}
     * @return true when offered
     */
    public boolean offers(String capability) {
        return capabilities.contains(capability);
    }
}
