package dev.qmp4j.e2e.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the engine logs at ERROR during a run (such as an I/O thread dying) instead of
 * printing it; below ERROR nothing is kept, as broken input is logged thousands of times here.
 */
final class EngineErrors extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.qmp4j");
    private final Level previousLevel = logger.getLevel();
    private final boolean previousAdditive = logger.isAdditive();
    private final Set<String> seen = new TreeSet<>();

    EngineErrors() {
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        logger.setLevel(Level.ERROR);
        logger.setAdditive(false);
    }

    @Override
    protected void append(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        String where = "";
        if (t != null) {
            // Where a stack overflowed is wherever the recursion happened to be: it says nothing.
            StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
            where = ": " + t.getClassName() + (frames.length > 0 && !t.getClassName().endsWith("StackOverflowError")
                    ? " at " + frames[0].getStackTraceElement() : "");
        }
        synchronized (seen) {
            seen.add(event.getFormattedMessage().replaceAll("qmp4j-io-\\d+-\\d+", "qmp4j-io-*") + where);
        }
    }

    /** The distinct errors logged so far. */
    Set<String> distinct() {
        synchronized (seen) {
            return Set.copyOf(seen);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }
}
