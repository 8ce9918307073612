package dev.qmp4j.core.internal.events;

import dev.qmp4j.core.QmpEvent;

/**
 * An event waiting in a subscription's buffer.
 *
 * @param event the event
 * @param bytes an upper bound of the heap it keeps, counted against the subscription's byte budget
 */
record BufferedEvent(QmpEvent event, long bytes) {
}
