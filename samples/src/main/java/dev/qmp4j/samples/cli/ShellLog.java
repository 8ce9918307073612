package dev.qmp4j.samples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log of {@code qmp shell -l FILE}: every command the shell ran and the server's response,
 * one JSON object a line, as qmp-shell merges them: {@code {"execute": ..., "arguments": ...,
 * "return": ...}} or {@code {"execute": ..., "arguments": ..., "error": {"class": ..., "desc": ...}}}.
 * Each line is written out at once, so that {@code tail -f} follows the session. Thread-safe.
 */
public final class ShellLog implements Closeable {
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private final Path file;
    private final BufferedWriter writer;

    private ShellLog(Path file, BufferedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Opens a log, replacing what the file held.
     *
     * @param file where to write
     * @return the log; close it when done
     * @throws IllegalArgumentException when the file cannot be written (a usage error)
     */
    public static ShellLog open(Path file) {
        try {
            return new ShellLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Logs a command that succeeded.
     *
     * @param request what ran
     * @param result its {@code return} value
     */
    public void returned(ShellRequest request, JsonElement result) {
        JsonObject entry = command(request);
        entry.add("return", result);
        write(entry);
    }

    /**
     * Logs a command the server refused.
     *
     * @param request what ran
     * @param errorClass the error's {@code class}
     * @param description the error's {@code desc}
     */
    public void failed(ShellRequest request, String errorClass, String description) {
        JsonObject error = new JsonObject();
        error.addProperty("class", errorClass);
        error.addProperty("desc", description);
        JsonObject entry = command(request);
        entry.add("error", error);
        write(entry);
    }

    private static JsonObject command(ShellRequest request) {
        JsonObject entry = new JsonObject();
        entry.addProperty("execute", request.command());
        entry.add("arguments", request.arguments());
        return entry;
    }

    private synchronized void write(JsonObject entry) {
        try {
            writer.write(COMPACT.toJson(entry));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the file. */
    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the log " + file + ": " + e.getMessage(), e);
        }
    }
}
