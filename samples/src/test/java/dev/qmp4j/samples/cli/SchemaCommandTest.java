package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.junit5.ForEachQemu;
import dev.qmp4j.testkit.junit5.QemuBinary;
import dev.qmp4j.testkit.junit5.WithQemu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code qmp schema} end to end: the listing, commands, events and unknown names. */
@Timeout(120)
class SchemaCommandTest {
    /** A small schema in QEMU's shape with every kind of type: builtins, enum, array, object, union, alternate. */
    private static final String SCHEMA = """
            [
             {"name": "set-thing", "meta-type": "command", "arg-type": "10", "ret-type": "11"},
             {"name": "query-things", "meta-type": "command", "arg-type": "0", "ret-type": "[11]", "allow-oob": true},
             {"name": "THING_CHANGED", "meta-type": "event", "arg-type": "12"},
             {"name": "PING", "meta-type": "event", "arg-type": "0"},
             {"name": "0", "meta-type": "object", "members": []},
             {"name": "10", "meta-type": "object", "tag": "kind",
              "members": [{"name": "id", "type": "str"}, {"name": "kind", "type": "13"},
                          {"name": "size", "type": "int", "default": null},
                          {"name": "tags", "type": "[str]", "default": null}, {"name": "target", "type": "14"}],
              "variants": [{"case": "disk", "type": "15"}, {"case": "net", "type": "0"}]},
             {"name": "11", "meta-type": "object", "members": [{"name": "ok", "type": "bool"},
                 {"name": "ratio", "type": "number"}, {"name": "extra", "type": "any", "default": null}]},
             {"name": "[11]", "meta-type": "array", "element-type": "11"},
             {"name": "12", "meta-type": "object", "members": [{"name": "thing", "type": "11"},
                 {"name": "spec", "type": "10"},
                 {"name": "old", "type": "16", "default": null, "features": ["deprecated"]}]},
             {"name": "13", "meta-type": "enum", "members": [{"name": "disk"}, {"name": "net"}], "values": ["disk", "net"]},
             {"name": "14", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "null"}]},
             {"name": "15", "meta-type": "object", "members": [{"name": "file", "type": "str"},
                 {"name": "ro", "type": "bool", "default": null}]},
             {"name": "16", "meta-type": "object", "members": [{"name": "inner", "type": "17"}]},
             {"name": "17", "meta-type": "object", "members": [{"name": "deep", "type": "18"}]},
             {"name": "18", "meta-type": "object", "members": [{"name": "deeper", "type": "int"}]},
             {"name": "[str]", "meta-type": "array", "element-type": "str"},
             {"name": "str", "meta-type": "builtin", "json-type": "string"},
             {"name": "int", "meta-type": "builtin", "json-type": "int"},
             {"name": "bool", "meta-type": "builtin", "json-type": "boolean"},
             {"name": "number", "meta-type": "builtin", "json-type": "number"},
             {"name": "any", "meta-type": "builtin", "json-type": "value"},
             {"name": "null", "meta-type": "builtin", "json-type": "null"}
            ]""";

    /** A command whose arguments are too wide for one line each: a long enum used thrice, an array of objects, a recursion. */
    private static final String WIDE_SCHEMA = """
            [
             {"name": "configure", "meta-type": "command", "arg-type": "1", "ret-type": "0"},
             {"name": "0", "meta-type": "object", "members": []},
             {"name": "1", "meta-type": "object", "members": [{"name": "mode", "type": "2"},
                 {"name": "fallback", "type": "2", "default": null}, {"name": "settings", "type": "[3]", "default": null},
                 {"name": "parent", "type": "4", "default": null}]},
             {"name": "2", "meta-type": "enum", "values": ["first-mode-of-many", "second-mode-of-many",
                 "third-mode-of-many", "fourth-mode-of-many", "fifth-mode-of-many", "sixth-mode-of-many"]},
             {"name": "3", "meta-type": "object", "members": [{"name": "name", "type": "str"}, {"name": "mode", "type": "2"},
                 {"name": "description-of-the-setting", "type": "str"}, {"name": "another-long-member-name", "type": "int"}]},
             {"name": "[3]", "meta-type": "array", "element-type": "3"},
             {"name": "4", "meta-type": "alternate", "members": [{"type": "1"}, {"type": "null"}]},
             {"name": "str", "meta-type": "builtin", "json-type": "string"},
             {"name": "int", "meta-type": "builtin", "json-type": "int"},
             {"name": "null", "meta-type": "builtin", "json-type": "null"}
            ]""";

    /** The members of set-thing's arguments (type 10), as the answer lists them. */
    private static final List<String> SET_THING_MEMBERS = List.of("id: str", "kind: {disk|net}", "size?: int",
            "tags?: [str]", "target: str|null", "when kind=disk:", "  file: str", "  ro?: bool", "when kind=net: nothing more");

    private QmpSimulator simulator;

    private static List<String> indented(String indent, List<String> lines) {
        return lines.stream().map(line -> indent + line).toList();
    }

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** A simulator answering query-qmp-schema with {@link #SCHEMA}. */
    private String socket() {
        simulator = QmpSimulator.start();
        simulator.addHandler("query-qmp-schema", request -> QmpReply.success(JsonParser.parseString(SCHEMA)));
        return simulator.endpoint().unixPath().orElseThrow().toString();
    }

    @Test
    void listsCommandsAndEventsSortedAndGrouped() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--socket", socket()).withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(List.of(
                "QEMU 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18): 2 commands, 2 events",
                "",
                "Commands:",
                "  query-things",
                "  set-thing",
                "",
                "Events:",
                "  PING",
                "  THING_CHANGED"), List.of(r.lines()));
    }

    @Test
    void listsTheSimulatorsOwnSchema() throws Exception {
        simulator = QmpSimulator.start();
        CliRun.Result r = CliRun.run("schema", "--socket", simulator.endpoint().unixPath().orElseThrow().toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Commands:\n") && r.out().contains("\n  query-status\n")
                && r.out().contains("Events:\n") && r.out().contains("\n  SHUTDOWN\n"), r::toString);
    }

    @Test
    void showsACommandsArgumentsAndResult() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--socket", socket(), "set-thing").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        List<String> expected = new ArrayList<>(List.of("command set-thing", "  arguments:"));
        expected.addAll(indented("    ", SET_THING_MEMBERS));
        expected.addAll(List.of(
                "  returns:",
                "    ok: bool",
                "    ratio: number",
                "    extra?: any"));
        assertEquals(expected, List.of(r.lines()));
    }

    @Test
    void showsAnArrayResultAndOutOfBand() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--socket", socket(), "query-things").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(List.of(
                "command query-things (allow-oob)",
                "  arguments: none",
                "  returns: an array of:",
                "    ok: bool",
                "    ratio: number",
                "    extra?: any"), List.of(r.lines()));
    }

    @Test
    void showsAnEventsDataWithNestedShapes() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--socket", socket(), "THING_CHANGED").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        List<String> expected = new ArrayList<>(List.of("event THING_CHANGED", "  data:",
                "    thing: {ok: bool, ratio: number, extra?: any}",
                "    spec:")); // too wide for one line: its members follow
        expected.addAll(indented("      ", SET_THING_MEMBERS));
        expected.add("    old?: {inner: {deep: {...}}} [deprecated]");
        assertEquals(expected, List.of(r.lines()));
    }

    @Test
    void aMemberTooLongForItsLineOpensUpAndATypeShownOnceIsReferredTo() throws Exception {
        simulator = QmpSimulator.start();
        simulator.addHandler("query-qmp-schema", request -> QmpReply.success(JsonParser.parseString(WIDE_SCHEMA)));
        CliRun.Result r = CliRun.run("schema", "--socket", simulator.endpoint().unixPath().orElseThrow().toString(),
                "configure").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(List.of(
                "command configure",
                "  arguments:",
                "    mode: {first-mode-of-many|second-mode-of-many|third-mode-of-many|fourth-mode-of-many|",
                "           fifth-mode-of-many|sixth-mode-of-many}",
                "    fallback?: <mode>",
                "    settings?: an array of:",
                "      name: str",
                "      mode: <mode>",
                "      description-of-the-setting: str",
                "      another-long-member-name: int",
                "    parent?: <arguments>|null",
                "  returns: {}"), List.of(r.lines()));
    }

    @Test
    void showsAnEventWithoutData() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--socket", socket(), "PING").withoutStackTrace();
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(List.of("event PING", "  data: none"), List.of(r.lines()));
    }

    @Test
    void unknownNameIsAUsageError() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--socket", socket(), "nope").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: no command or event named nope in QEMU 7.2.22", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void helpExplainsTheShapes() throws Exception {
        CliRun.Result r = CliRun.run("schema", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("NAME") && r.out().contains("{a|b|c}") && r.out().contains("--socket"), r::toString);
    }

    /** Against each real QEMU, started by {@code --launch}; skipped without QEMU unless QMP4J_REQUIRE_QEMU=1. */
    @Nested
    @ForEachQemu
    class RealQemu {
        private CliRun.Result schema(QemuBinary qemu, String... name) throws Exception {
            List<String> args = new ArrayList<>(List.of("schema", "--launch", "--qemu-binary", qemu.path().toString()));
            args.addAll(List.of(name));
            CliRun.Result r = CliRun.run(args.toArray(String[]::new)).withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            return r;
        }

        @Test
        void list(QemuBinary qemu) throws Exception {
            CliRun.Result r = schema(qemu);
            assertTrue(Pattern.compile("^QEMU " + Pattern.quote(qemu.version().orElseThrow()) + " \\(.*\\): \\d+ commands, \\d+ events$")
                    .matcher(r.lines()[0]).matches(), r::toString);
            assertTrue(r.out().contains("\n  query-status\n") && r.out().contains("\n  SHUTDOWN\n"), r::toString);
        }

        /** The result's members are those of this QEMU's schema (they differ between versions). */
        @Test
        @WithQemu
        void command(QemuBinary qemu, BlockingQmpSession session) throws Exception {
            CliRun.Result r = schema(qemu, "query-status");
            assertTrue(r.out().startsWith("command query-status\n  arguments: none\n  returns:\n"), r::toString);
            assertTrue(r.out().contains("\n    running: bool\n"), r::toString);
            assertTrue(r.out().contains("\n    status: {debug|inmigrate|internal-error|io-error|paused|postmigrate|prelaunch|"),
                    r::toString);
            QmpSchema schema = session.schema();
            String returns = schema.entry("query-status").orElseThrow().get("ret-type").getAsString();
            Set<String> members = new TreeSet<>();
            schema.entry(returns).orElseThrow().getAsJsonArray("members")
                    .forEach(member -> members.add(member.getAsJsonObject().get("name").getAsString()));
            Set<String> printed = new TreeSet<>();
            r.out().lines().filter(line -> line.matches(" {4}[\\w-]+\\??: .*"))
                    .forEach(line -> printed.add(line.strip().replaceFirst("\\??: .*", "")));
            assertEquals(members, printed, r::toString);
        }

        @Test
        void unionCommand(QemuBinary qemu) throws Exception {
            CliRun.Result r = schema(qemu, "blockdev-add");
            assertTrue(r.out().contains("    node-name?: str\n"), r::toString);
            assertTrue(r.out().contains("    when driver=file|host_cdrom|host_device:\n      filename: str\n"),
                    r::toString);
        }

        /** blockdev-add's arguments are a union of ~45 drivers whose members nest block nodes in block nodes. */
        @Test
        void blockdevAddFitsAHundredColumnsAndShowsEachEnumOnce(QemuBinary qemu) throws Exception {
            CliRun.Result r = schema(qemu, "blockdev-add");
            r.out().lines().forEach(line -> assertTrue(line.length() <= 100, () -> line.length() + " columns: " + line));
            String joined = r.out().replaceAll("\\s+", "");
            assertEquals(1, occurrences(joined, "{blkdebug|blklogwrites|blkreplay|blkverify|"), r::toString); // the drivers
            assertTrue(r.out().contains("\n      image: <arguments>|str\n"), r::toString); // a block node refers back
        }

        /**
         * Every command and event of this QEMU: lines of at most 100 columns, and every enum's values
         * at most once (at most as often as there are enum types with just those values: vhdx and vpc
         * have a {dynamic|fixed} each).
         */
        @Test
        @WithQemu
        void everyCommandAndEventFitsAndShowsEachEnumOnce(BlockingQmpSession session) {
            QmpSchema schema = session.schema();
            Map<String, Integer> enums = new HashMap<>(); // the values as shown, to how many enum types have them
            session.execute("query-qmp-schema").getAsJsonArray().forEach(entry -> {
                JsonObject type = entry.getAsJsonObject();
                if (type.get("meta-type").getAsString().equals("enum")) {
                    List<String> values = new ArrayList<>();
                    type.getAsJsonArray("values").forEach(v -> values.add(v.getAsString()));
                    enums.merge("{" + String.join("|", values) + "}", 1, Integer::sum);
                }
            });
            List<String> names = new ArrayList<>(schema.commands());
            names.addAll(schema.events());
            for (String name : names) {
                List<String> lines = SchemaCommand.describe(schema, name);
                lines.forEach(line -> assertTrue(line.length() <= SchemaLines.WIDTH, () -> name + ": " + line));
                String joined = String.join("", lines).replaceAll("\\s+", "");
                enums.forEach((shown, types) -> assertTrue(occurrences(joined, shown) <= types,
                        () -> name + " shows " + shown + " more than once:\n" + String.join("\n", lines)));
            }
        }

        private static int occurrences(String text, String part) {
            int count = 0;
            for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
                count++;
            }
            return count;
        }

        @Test
        void event(QemuBinary qemu) throws Exception {
            CliRun.Result r = schema(qemu, "SHUTDOWN");
            assertTrue(r.out().startsWith("event SHUTDOWN\n  data:\n    guest: bool\n    reason: {none|host-error|"),
                    r::toString);
        }

        @Test
        void unknownName(QemuBinary qemu) throws Exception {
            CliRun.Result r = CliRun.run("schema", "--launch", "--qemu-binary", qemu.path().toString(), "nope")
                    .withoutStackTrace();
            assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
            assertEquals("qmp: no command or event named nope in QEMU " + qemu.version().orElseThrow(), r.err().strip());
        }
    }
}
