package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.codegen.Schema.Command;
import dev.qmp4j.codegen.Schema.Event;
import dev.qmp4j.codegen.SchemaSampler.Mode;
import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.typed.QmpCommandInfo;
import dev.qmp4j.core.typed.QmpEventType;
import dev.qmp4j.core.types.QmpVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one typed vocabulary against every captured QEMU: each command result and event data,
 * synthesised from the capture with every member and then with only the required ones, decodes
 * through {@link QmpVocabulary} as that QEMU's version and encodes back to the same JSON.
 * A failing capture lists every failing command and event, not only the first.
 */
class SynthesisedRepliesTest {
    private static final Path CAPTURES = Path.of("schema/captures");
    /** Kinds of failure listed per command or event and mode. */
    private static final int KINDS_SHOWN = 5;
    private static final Map<String, Capture> PARSED = new ConcurrentHashMap<>();

    private record Capture(String file, Schema schema, QmpVersion version) {
    }

    static Stream<String> captures() throws IOException {
        try (Stream<Path> files = Files.list(CAPTURES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    private static Capture capture(String file) {
        return PARSED.computeIfAbsent(file, f -> {
            try {
                Schema schema = Generator.readSchema(CAPTURES.resolve(f));
                String[] v = schema.versions().get(0).split("\\.");
                return new Capture(f, schema,
                        new QmpVersion(Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2])));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyCommandAndEventIsInTheVocabulary(String file) {
        Capture capture = capture(file);
        Schema schema = capture.schema();
        List<String> missing = new ArrayList<>();
        schema.commands().stream().filter(c -> QmpVocabulary.command(c.name()).isEmpty())
                .forEach(c -> missing.add("command " + c.name()));
        schema.events().stream().filter(e -> QmpVocabulary.event(e.name()).isEmpty())
                .forEach(e -> missing.add("event " + e.name()));
        assertEquals(List.of(), missing, capture.file() + " (QEMU " + capture.version() + "): not in QmpVocabulary");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyResultDecodesAndEncodesBack(String file) {
        Capture capture = capture(file);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Mode mode : Mode.values()) {
            SchemaSampler sampler = new SchemaSampler(capture.schema(), mode);
            for (Command c : capture.schema().commands()) {
                Optional<QmpCommandInfo<?, ?>> info = QmpVocabulary.command(c.name());
                if (capture.schema().isEmptyObject(c.retType()) || info.isEmpty()) {
                    continue; // a missing command fails everyCommandAndEventIsInTheVocabulary
                }
                List<JsonElement> samples = sampler.samples(c.retType());
                failures.addAll(check(c.name(), mode, samples, json -> roundTrip(info.get(), json, capture.version())));
                checked += samples.size();
            }
        }
        assertTrue(failures.isEmpty(), () -> report(capture, "results", failures));
        assertTrue(checked > 0, "no command of " + capture.file() + " has a result");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyEventDecodesAndEncodesBack(String file) {
        Capture capture = capture(file);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Mode mode : Mode.values()) {
            SchemaSampler sampler = new SchemaSampler(capture.schema(), mode);
            for (Event e : capture.schema().events()) {
                Optional<QmpEventType<?>> type = QmpVocabulary.event(e.name());
                if (type.isEmpty()) {
                    continue; // fails everyCommandAndEventIsInTheVocabulary
                }
                List<JsonElement> samples = sampler.samples(e.argType());
                failures.addAll(check(e.name(), mode, samples,
                        json -> roundTrip(type.get(), json.getAsJsonObject(), capture.version())));
                checked += samples.size();
            }
        }
        assertTrue(failures.isEmpty(), () -> report(capture, "event data", failures));
        assertTrue(checked > 0, capture.file() + " has no events");
    }

    private static <A, R> JsonElement roundTrip(QmpCommandInfo<A, R> info, JsonElement json, QmpVersion version) {
        return info.encodeResult(info.decodeResult(json, version));
    }

    private static <T> JsonElement roundTrip(QmpEventType<T> type, JsonObject json, QmpVersion version) {
        return type.encode(type.decode(json, version));
    }

    /**
     * The failures of one command's or event's samples in one mode, one line per kind (the same
     * exception, or a difference at the same path), as
     * {@code name MODE: N of M samples, first #i: what went wrong; sample: json}.
     */
    private static List<String> check(String name, Mode mode, List<JsonElement> samples,
            Function<JsonElement, JsonElement> roundTrip) {
        Map<String, String> firstByKind = new LinkedHashMap<>();
        Map<String, Integer> countByKind = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            JsonElement sample = samples.get(i);
            String kind;
            String failure;
            try {
                // a copy: a decoder that keeps or changes its input cannot change the expectation
                Optional<JsonDifference> difference = JsonDifference.between(sample, roundTrip.apply(sample.deepCopy()));
                if (difference.isEmpty()) {
                    continue;
                }
                kind = difference.get().kind();
                failure = "encoded back differs at " + difference.get();
            } catch (RuntimeException | LinkageError e) {
                StackTraceElement[] at = e.getStackTrace();
                kind = e.toString();
                failure = "decoding or encoding failed: " + e + (at.length > 0 ? " at " + at[0] : "");
            }
            countByKind.merge(kind, 1, Integer::sum);
            firstByKind.putIfAbsent(kind, "#" + i + ": " + failure + "; sample: " + JsonDifference.shown(sample));
        }
        List<String> lines = new ArrayList<>();
        firstByKind.forEach((kind, first) -> lines.add(name + " " + mode + ": " + countByKind.get(kind) + " of "
                + samples.size() + " samples, first " + first));
        if (lines.size() > KINDS_SHOWN) {
            int more = lines.size() - KINDS_SHOWN;
            lines.subList(KINDS_SHOWN, lines.size()).clear();
            lines.add(name + " " + mode + ": " + more + " more kinds of failure");
        }
        return lines;
    }

    private static String report(Capture capture, String what, List<String> failures) {
        return capture.file() + " (QEMU " + capture.version() + "): " + failures.size()
                + " kinds of failure decoding synthesised " + what
                + " through QmpVocabulary:\n  " + String.join("\n  ", failures) + "\n";
    }
}
