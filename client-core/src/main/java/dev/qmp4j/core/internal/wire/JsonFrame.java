package dev.qmp4j.core.internal.wire;

/**
 * One whole JSON value cut from the server's byte stream.
 *
 * @param text the value as UTF-8 decoded text, without surrounding whitespace
 * @param byteLength how many bytes the value took on the wire
 */
public record JsonFrame(String text, int byteLength) {
}
