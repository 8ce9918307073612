package dev.qmp4j.benchmarks;

import com.google.gson.FormattingStyle;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code query-qmp-schema} of Debian's QEMU 7.2 (a capture of client-codegen, 1051 entries),
 * written as QEMU writes it: one line, a space after each {@code ,} and {@code :}, about 207 KB.
 */
public final class SchemaCapture {
    private static final String RESOURCE = "debian-7.2.22-x86_64.json";
    private static volatile String replyText;

    private SchemaCapture() {
    }

    /**
     * The schema as the {@code return} value of QEMU's reply.
     *
     * @return the JSON array, as text
     */
    public static String replyText() {
        String text = replyText;
        if (text == null) {
            text = load();
            replyText = text;
        }
        return text;
    }

    private static String load() {
        try (InputStream in = SchemaCapture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " beside " + SchemaCapture.class);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                JsonElement schema = JsonParser.parseReader(reader).getAsJsonObject().get("schema");
                return new GsonBuilder()
                        .setFormattingStyle(FormattingStyle.COMPACT.withSpaceAfterSeparators(true))
                        .disableHtmlEscaping()
                        .serializeNulls() // "default": null marks an optional member
                        .create()
                        .toJson(schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
