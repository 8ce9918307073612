package dev.qmp4j.blocking;

import dev.qmp4j.core.QmpClosedException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Iterates over a blocking subscription: {@code hasNext()} waits for the next item; a close on
 * purpose ({@link QmpClosedException}) ends the iteration, any other end is thrown. Meant for one
 * thread at a time.
 *
 * @param <T> the items
 */
final class TakingIterator<T> implements Iterator<T> {
    private final Supplier<T> take;
    private final String endedMessage;
    private T ahead;
    private boolean ended;

    /**
     * Iterates over what {@code take} yields.
     *
     * @param take waits without a time limit for the next item
     * @param endedMessage what {@code next()} says after the end
     */
    TakingIterator(Supplier<T> take, String endedMessage) {
        this.take = take;
        this.endedMessage = endedMessage;
    }

    @Override
    public boolean hasNext() {
        if (ahead != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            ahead = take.get();
            return true;
        } catch (QmpClosedException e) {
            ended = true;
            return false;
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException(endedMessage);
        }
        T item = ahead;
        ahead = null;
        return item;
    }
}
