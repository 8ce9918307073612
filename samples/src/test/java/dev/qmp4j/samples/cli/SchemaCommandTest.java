package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.testkit.ForEachQemu;
import dev.qmp4j.testkit.QemuBinary;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import dev.qmp4j.testkit.WithQemu;
import java.util.ArrayList;
import java.util.List;
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

    private QmpSimulator simulator;

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
        assertEquals(List.of(
                "command set-thing",
                "  arguments:",
                "    id: str",
                "    kind: {disk|net}",
                "    size?: int",
                "    tags?: [str]",
                "    target: str|null",
                "    when kind=disk:",
                "      file: str",
                "      ro?: bool",
                "    when kind=net: nothing more",
                "  returns:",
                "    ok: bool",
                "    ratio: number",
                "    extra?: any"), List.of(r.lines()));
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
        assertEquals(List.of(
                "event THING_CHANGED",
                "  data:",
                "    thing: {ok: bool, ratio: number, extra?: any}",
                "    spec: {id: str, kind: {disk|net}, size?: int, tags?: [str], target: str|null; "
                        + "kind=disk {file: str, ro?: bool}}",
                "    old?: {inner: {deep: {...}}} [deprecated]"), List.of(r.lines()));
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
