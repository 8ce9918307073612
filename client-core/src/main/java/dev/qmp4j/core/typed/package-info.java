/**
 * Hand-written support for the generated typed vocabulary in {@code dev.qmp4j.core.types}:
 * JSON decoding and encoding with precise errors ({@link dev.qmp4j.core.typed.TypedJson}), the
 * base of generated enumerations ({@link dev.qmp4j.core.typed.QmpEnumValue}), the single entry
 * point of every generated command method ({@link dev.qmp4j.core.typed.TypedCall}), typed event
 * descriptors ({@link dev.qmp4j.core.typed.QmpEventType}) and the
 * {@link dev.qmp4j.core.typed.Unstable} marker.
 *
 * <p>Most users never name these classes; they use the generated types and facades.
 */
package dev.qmp4j.core.typed;
