package dev.qmp4j.e2e.fuzz;

import static dev.qmp4j.e2e.fuzz.JsonText.arr;
import static dev.qmp4j.e2e.fuzz.JsonText.obj;
import static dev.qmp4j.e2e.fuzz.JsonText.raw;
import static dev.qmp4j.e2e.fuzz.JsonText.string;

import dev.qmp4j.e2e.fuzz.JsonText.Member;
import dev.qmp4j.e2e.fuzz.JsonText.Obj;
import java.util.List;
import java.util.SplittableRandom;

/** Messages as a QEMU sends them, with random but valid contents. */
final class ValidMessages {
    static final List<String> EVENTS = List.of("STOP", "RESUME", "RESET", "DEVICE_DELETED", "FZ_EVENT",
            "BLOCK_JOB_COMPLETED", "__com.example_EVENT");
    private static final List<String> KEYS = List.of("status", "running", "name", "device", "path", "a", "list");

    private final SplittableRandom random;

    ValidMessages(SplittableRandom random) {
        this.random = random;
    }

    JsonText greeting() {
        JsonText caps = List.of(arr("oob"), arr("oob"), arr(), arr("oob", "x-future")).get(random.nextInt(4));
        return obj("QMP", obj("version", obj("qemu", obj("micro", random.nextInt(100), "minor", random.nextInt(3),
                "major", 2 + random.nextInt(9)), "package", "fuzz 1:" + random.nextInt(10) + ".0"), "capabilities", caps));
    }

    String eventName() {
        return EVENTS.get(random.nextInt(EVENTS.size()));
    }

    /** An event with a random timestamp (sometimes QEMU's -1/-1) and random data or none. */
    JsonText event(String name) {
        JsonText timestamp = random.nextInt(10) == 0 ? obj("seconds", -1, "microseconds", -1)
                : obj("seconds", 1_700_000_000L + random.nextInt(1_000_000), "microseconds", random.nextInt(1_000_000));
        return event(name, random.nextBoolean() ? null : object(2), timestamp);
    }

    static JsonText event(String name, JsonText data) {
        return event(name, data, obj("seconds", 1_700_000_000L, "microseconds", 0));
    }

    private static JsonText event(String name, JsonText data, JsonText timestamp) {
        return data == null ? obj("timestamp", timestamp, "event", name)
                : obj("timestamp", timestamp, "event", name, "data", data);
    }

    /** A random value, three levels deep at most. */
    JsonText value(int depth) {
        return switch (random.nextInt(depth >= 3 ? 4 : 6)) {
            case 0 -> object(depth);
            case 1 -> string(random.nextBoolean() ? "running" : "caf\u00e9 \u4e2d \uD83D\uDE00 \"q\" \\ }");
            case 2 -> raw(Integer.toString(random.nextInt(2_000_000) - 1_000_000));
            case 3 -> raw(random.nextBoolean() ? "true" : "null");
            default -> {
                JsonText.Arr a = arr();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.items().add(value(depth + 1));
                }
                yield a;
            }
        };
    }

    private Obj object(int depth) {
        Obj o = obj();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String key = KEYS.get(random.nextInt(KEYS.size())) + i;
            o.members().add(new Member(string(key).bytes(), value(depth + 1)));
        }
        return o;
    }

    /** A small query-qmp-schema reply. */
    static JsonText schema() {
        return arr(obj("name", "query-status", "meta-type", "command", "arg-type", "0", "ret-type", "1"),
                obj("name", "0", "meta-type", "object", "members", arr()),
                obj("name", "1", "meta-type", "object", "members", arr(obj("name", "status", "type", "str"))),
                obj("name", "STOP", "meta-type", "event", "arg-type", "0"),
                obj("name", "str", "meta-type", "builtin", "json-type", "string"));
    }
}
