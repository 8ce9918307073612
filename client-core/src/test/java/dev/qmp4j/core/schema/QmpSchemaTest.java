package dev.qmp4j.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.core.QmpProtocolException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Path queries in libvirt's syntax over a small schema shaped like QEMU's (masked type names). */
class QmpSchemaTest {
    private static final QmpSchema SCHEMA = QmpSchema.of(JsonParser.parseString("""
            [
              {"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
              {"name": "blockdev-add", "meta-type": "command", "arg-type": "2", "ret-type": "0"},
              {"name": "drive-backup", "meta-type": "command", "arg-type": "0", "ret-type": "0",
               "features": ["deprecated"]},
              {"name": "query-things", "meta-type": "command", "arg-type": "0", "ret-type": "[5]"},
              {"name": "SHUTDOWN", "meta-type": "event", "arg-type": "6"},
              {"name": "0", "meta-type": "object", "members": []},
              {"name": "1", "meta-type": "object", "members": [
                {"name": "running", "type": "bool"}, {"name": "status", "type": "3"}]},
              {"name": "2", "meta-type": "object", "tag": "driver", "members": [
                {"name": "driver", "type": "4"}, {"name": "node-name", "type": "str", "default": null}],
               "variants": [{"case": "file", "type": "7"}]},
              {"name": "3", "meta-type": "enum", "values": ["running", "paused"],
               "members": [{"name": "running"}, {"name": "paused", "features": ["unstable"]}]},
              {"name": "4", "meta-type": "enum", "values": ["file"], "members": [{"name": "file"}]},
              {"name": "[5]", "meta-type": "array", "element-type": "5"},
              {"name": "5", "meta-type": "object", "members": [{"name": "size", "type": "8"}]},
              {"name": "6", "meta-type": "object", "members": [{"name": "guest", "type": "bool"}]},
              {"name": "7", "meta-type": "object", "members": [{"name": "filename", "type": "str"},
                {"name": "aio", "type": "str", "default": null}]},
              {"name": "8", "meta-type": "alternate", "members": [{"type": "int"}, {"type": "str"}]},
              {"name": "bool", "meta-type": "builtin", "json-type": "boolean"},
              {"name": "str", "meta-type": "builtin", "json-type": "string"},
              {"name": "int", "meta-type": "builtin", "json-type": "int"}
            ]"""));

    @Test
    void listsCommandsAndEvents() {
        assertEquals(Set.of("blockdev-add", "drive-backup", "query-status", "query-things"), SCHEMA.commands());
        assertEquals(Set.of("SHUTDOWN"), SCHEMA.events());
        assertTrue(SCHEMA.hasCommand("query-status"));
        assertFalse(SCHEMA.hasCommand("query-nothing"));
        assertTrue(SCHEMA.hasEvent("SHUTDOWN"));
        assertEquals(18, SCHEMA.size());
        assertEquals("command", SCHEMA.entry("blockdev-add").orElseThrow().get("meta-type").getAsString());
    }

    @Test
    void membersVariantsAndOptionalMembers() {
        assertTrue(SCHEMA.supports("blockdev-add"));
        assertTrue(SCHEMA.supports("blockdev-add/arg-type/+file/filename"));
        assertTrue(SCHEMA.supports("blockdev-add/arg-type/+file/*aio"));
        assertFalse(SCHEMA.supports("blockdev-add/arg-type/+file/*filename"), "filename is required");
        assertFalse(SCHEMA.supports("blockdev-add/arg-type/+nbd/server"));
        assertTrue(SCHEMA.supports("blockdev-add/arg-type/*node-name"));
        assertTrue(SCHEMA.supports("SHUTDOWN/arg-type/guest"));
        assertFalse(SCHEMA.supports("SHUTDOWN/ret-type"));
        assertFalse(SCHEMA.supports("query-nothing/arg-type"));
    }

    @Test
    void questionsAboutEnumsBuiltinsAndFeatures() {
        assertTrue(SCHEMA.supports("query-status/ret-type/status/^paused"));
        assertFalse(SCHEMA.supports("query-status/ret-type/status/^shutdown"));
        assertTrue(SCHEMA.supports("query-status/ret-type/status/^paused/$unstable"));
        assertFalse(SCHEMA.supports("query-status/ret-type/status/^running/$unstable"));
        assertTrue(SCHEMA.supports("query-status/ret-type/running/!boolean"));
        assertFalse(SCHEMA.supports("query-status/ret-type/running/!string"));
        assertTrue(SCHEMA.supports("drive-backup/$deprecated"));
        assertFalse(SCHEMA.supports("query-status/$deprecated"));
    }

    @Test
    void arraysAndAlternatesAreSteppedThrough() {
        assertTrue(SCHEMA.supports("query-things/ret-type/size"));
        assertTrue(SCHEMA.supports("query-things/ret-type/size/!string"));
        assertTrue(SCHEMA.supports("query-things/ret-type/size/!int"));
        assertFalse(SCHEMA.supports("query-things/ret-type/size/!boolean"));
    }

    @Test
    void malformedPathsAndSchemasAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.supports("/arg-type"));
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.supports("query-status/ret-type/running/!boolean/x"));
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> QmpSchema.of(JsonParser.parseString("[{\"name\": \"x\"}]")));
        assertTrue(e.getMessage().contains("without name or meta-type"), e.getMessage());
        assertThrows(QmpProtocolException.class, () -> QmpSchema.of(JsonParser.parseString("{}")));
    }
}
