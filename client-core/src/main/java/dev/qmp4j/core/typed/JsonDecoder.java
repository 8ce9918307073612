package dev.qmp4j.core.typed;

import com.google.gson.JsonElement;
import dev.qmp4j.core.QmpVersion;

/**
 * Decodes one JSON value into a typed value. The server's QEMU version travels along so that a
 * value can later say which server left out a member that qmp4j expected.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface JsonDecoder<T> {
    /**
     * Decodes a value.
     *
     * @param json the JSON value
     * @param serverVersion the QEMU version of the server that sent it, or null when not known
     * @return the decoded value
     * @throws dev.qmp4j.core.QmpProtocolException when the value has the wrong JSON kind
     */
    T decode(JsonElement json, QmpVersion serverVersion);
}
