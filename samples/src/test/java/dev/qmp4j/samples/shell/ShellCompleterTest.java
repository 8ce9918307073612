package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.blocking.BlockingQmpClient;
import dev.qmp4j.blocking.BlockingQmpSession;
import dev.qmp4j.core.schema.QmpSchema;
import dev.qmp4j.samples.cli.ShellCompleter;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** Tab completion: the completer asked directly, with the line as JLine parses it. */
class ShellCompleterTest {
    /** A schema in QEMU's shape: device_del(id), a union with a discriminator, an enum and a boolean. */
    private static final QmpSchema SCHEMA = QmpSchema.of(JsonParser.parseString("""
            [{"name": "device_del", "meta-type": "command", "arg-type": "1", "ret-type": "0"},
             {"name": "device_add", "meta-type": "command", "arg-type": "2", "ret-type": "0"},
             {"name": "blockdev-add", "meta-type": "command", "arg-type": "3", "ret-type": "0"},
             {"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
             {"name": "STOP", "meta-type": "event", "arg-type": "0"},
             {"name": "0", "meta-type": "object", "members": []},
             {"name": "1", "meta-type": "object", "members": [{"name": "id", "type": "str"}]},
             {"name": "2", "meta-type": "object", "members": [{"name": "driver", "type": "str"},
                 {"name": "bus", "type": "str", "default": null}, {"name": "hotplugged", "type": "bool", "default": null}]},
             {"name": "3", "meta-type": "object", "tag": "driver", "members": [{"name": "driver", "type": "4"},
                 {"name": "node-name", "type": "str", "default": null}],
              "variants": [{"case": "file", "type": "5"}, {"case": "null-co", "type": "0"}]},
             {"name": "4", "meta-type": "enum", "members": [{"name": "file"}, {"name": "null-co"}], "values": ["file", "null-co"]},
             {"name": "5", "meta-type": "object", "members": [{"name": "filename", "type": "str"}]},
             {"name": "str", "meta-type": "builtin", "json-type": "string"},
             {"name": "bool", "meta-type": "builtin", "json-type": "boolean"}]
            """));

    private final ShellCompleter completer = new ShellCompleter(() -> SCHEMA);

    @Test
    void completesCommandNamesFromTheSchema() {
        Set<String> first = complete("");
        assertTrue(first.containsAll(List.of("device_del", "device_add", "blockdev-add", "query-status", "help")), first.toString());
        assertFalse(first.contains("STOP"), "events are not commands");
    }

    @Test
    void completesArgumentNamesOfTheCommandBeingTyped() {
        assertEquals(Set.of("id="), complete("device_del "));
        assertEquals(Set.of("driver=", "bus=", "hotplugged="), complete("device_add "));
        assertEquals(Set.of("bus=", "hotplugged="), complete("device_add driver=usb-tablet "), "given ones are not offered again");
        assertEquals(Set.of(), complete("query-status "));
        assertEquals(Set.of(), complete("no-such-command "));
        assertEquals(Set.of(), complete("-H info "));
    }

    @Test
    void followsTheDiscriminatorOfAUnion() {
        assertEquals(Set.of("driver=", "node-name="), complete("blockdev-add "));
        assertEquals(Set.of("node-name=", "filename="), complete("blockdev-add driver=file "));
    }

    @Test
    void completesEnumAndBooleanValues() {
        assertEquals(Set.of("driver=file", "driver=null-co"), complete("blockdev-add driver="));
        assertEquals(Set.of("hotplugged=true", "hotplugged=false"), complete("device_add hotplugged="));
        assertEquals(Set.of(), complete("device_add bus="));
    }

    @Test
    void argumentNamesAreNotFinishedWithASpace() {
        List<Candidate> candidates = candidates("device_del ");
        assertFalse(candidates.get(0).complete(), "the cursor stays after '=' for the value");
        assertEquals("required", candidates.get(0).descr());
    }

    @Test
    void offersNothingWhenTheSchemaCannotBeFetched() {
        ShellCompleter failing = new ShellCompleter(() -> {
            throw new IllegalStateException("no schema");
        });
        List<Candidate> candidates = new ArrayList<>();
        failing.complete(null, new DefaultParser().parse("que", 3, ParseContext.COMPLETE), candidates);
        assertTrue(candidates.isEmpty());
    }

    @Test
    void completesFromTheServersOwnSchema() {
        try (QmpSimulator simulator = QmpSimulator.builder().handler("device_del", request -> QmpReply.success()).start();
             BlockingQmpClient client = BlockingQmpClient.create();
             BlockingQmpSession session = client.connect(simulator.endpoint())) {
            ShellCompleter fromServer = new ShellCompleter(session::schema);
            List<Candidate> candidates = new ArrayList<>();
            fromServer.complete(null, new DefaultParser().parse("query-", 6, ParseContext.COMPLETE), candidates);
            Set<String> values = values(candidates);
            assertTrue(values.containsAll(List.of("query-status", "query-version", "device_del", "quit")), values.toString());
        }
    }

    private Set<String> complete(String line) {
        return values(candidates(line));
    }

    private List<Candidate> candidates(String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE), candidates);
        // JLine filters by the typed prefix after this; drop the rest as it would.
        String word = line.contains(" ") ? line.substring(line.lastIndexOf(' ') + 1) : line;
        candidates.removeIf(c -> !c.value().startsWith(word));
        return candidates;
    }

    private static Set<String> values(List<Candidate> candidates) {
        Set<String> values = new TreeSet<>();
        candidates.forEach(c -> values.add(c.value()));
        return values;
    }
}
