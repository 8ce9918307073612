package dev.qmp4j.core.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a process's output on its own daemon thread and keeps only the last {@code limit} bytes,
 * so that a chatty QEMU cannot exhaust memory and its last error line is at hand.
 */
public final class OutputTail {
    private static final Logger log = LoggerFactory.getLogger(OutputTail.class);

    private final byte[] ring;
    private final Thread reader;
    private long total;

    /**
     * Starts reading {@code in} on a thread named {@code threadName}.
     *
     * @param in the process's output (stdout and stderr merged)
     * @param limit how many of the last bytes to keep
     * @param threadName the reader thread's name
     */
    public OutputTail(InputStream in, int limit, String threadName) {
        this.ring = new byte[limit];
        this.reader = new Thread(() -> pump(in), threadName);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                append(chunk, n);
            }
        } catch (IOException e) {
            log.debug("reading QEMU output ended", e);
        }
    }

    private synchronized void append(byte[] chunk, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) (total++ % ring.length)] = chunk[i];
        }
    }

    /**
     * Waits for the output to end (the process exited and its pipe is drained).
     *
     * @param millis the longest wait
     */
    public void awaitEnd(long millis) {
        try {
            reader.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The kept output, decoded as UTF-8.
     *
     * @return the last bytes of output, possibly empty
     */
    public synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] out = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The last non-blank line of output: where QEMU says what went wrong.
     *
     * @return the line, or empty text when there was no output
     */
    public String lastLine() {
        String[] lines = text().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }
}
