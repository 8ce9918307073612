package dev.qmp4j.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qmp4j.core.schema.ArgumentProblem.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link QmpSchema#checkArguments}: arguments held against a small schema shaped like QEMU's
 * (masked type names, flat unions, alternates, builtins).
 */
class ArgumentCheckTest {
    private static final QmpSchema SCHEMA = QmpSchema.of(JsonParser.parseString("""
            [
              {"name": "set-thing", "meta-type": "command", "arg-type": "1", "ret-type": "0"},
              {"name": "add-node", "meta-type": "command", "arg-type": "10", "ret-type": "0"},
              {"name": "device_add", "meta-type": "command", "arg-type": "20", "ret-type": "0"},
              {"name": "no-args", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
              {"name": "open-args", "meta-type": "command", "arg-type": "any", "ret-type": "0"},
              {"name": "chain", "meta-type": "command", "arg-type": "30", "ret-type": "0"},
              {"name": "SOMETHING_HAPPENED", "meta-type": "event", "arg-type": "0"},
              {"name": "0", "meta-type": "object", "members": []},
              {"name": "1", "meta-type": "object", "members": [
                {"name": "name", "type": "str"},
                {"name": "count", "type": "int", "default": null},
                {"name": "ratio", "type": "number", "default": null},
                {"name": "enabled", "type": "bool", "default": null},
                {"name": "opts", "type": "2", "default": null},
                {"name": "tags", "type": "[str]", "default": null},
                {"name": "items", "type": "[2]", "default": null},
                {"name": "mode", "type": "4", "default": null},
                {"name": "target", "type": "5", "default": null},
                {"name": "limit", "type": "6", "default": null},
                {"name": "data", "type": "any", "default": null}]},
              {"name": "2", "meta-type": "object", "members": [
                {"name": "path", "type": "str"}, {"name": "inner", "type": "3", "default": null}]},
              {"name": "3", "meta-type": "object", "members": [{"name": "depth", "type": "int"}]},
              {"name": "4", "meta-type": "enum", "values": ["fast", "slow"],
               "members": [{"name": "fast"}, {"name": "slow"}]},
              {"name": "5", "meta-type": "alternate", "members": [{"type": "2"}, {"type": "4"}]},
              {"name": "6", "meta-type": "alternate", "members": [
                {"type": "int"}, {"type": "bool"}, {"type": "null"}, {"type": "[str]"}]},
              {"name": "[str]", "meta-type": "array", "element-type": "str"},
              {"name": "[2]", "meta-type": "array", "element-type": "2"},
              {"name": "10", "meta-type": "object", "tag": "driver", "members": [
                {"name": "driver", "type": "11"}, {"name": "node-name", "type": "str", "default": null}],
               "variants": [{"case": "file", "type": "12"}, {"case": "null", "type": "0"},
                            {"case": "nbd", "type": "13"}]},
              {"name": "11", "meta-type": "enum", "values": ["file", "null", "nbd", "vvfat"]},
              {"name": "12", "meta-type": "object", "members": [
                {"name": "filename", "type": "str"}, {"name": "aio", "type": "str", "default": null}]},
              {"name": "13", "meta-type": "object", "tag": "transport", "members": [
                {"name": "transport", "type": "14"}],
               "variants": [{"case": "unix", "type": "15"}, {"case": "tcp", "type": "16"}]},
              {"name": "14", "meta-type": "enum", "values": ["unix", "tcp"]},
              {"name": "15", "meta-type": "object", "members": [{"name": "path", "type": "str"}]},
              {"name": "16", "meta-type": "object", "members": [
                {"name": "host", "type": "str"}, {"name": "port", "type": "str"}]},
              {"name": "20", "meta-type": "object", "members": [
                {"name": "driver", "type": "str"}, {"name": "id", "type": "str", "default": null}]},
              {"name": "30", "meta-type": "object", "members": [
                {"name": "next", "type": "30", "default": null}, {"name": "label", "type": "str", "default": null}]},
              {"name": "str", "meta-type": "builtin", "json-type": "string"},
              {"name": "int", "meta-type": "builtin", "json-type": "int"},
              {"name": "number", "meta-type": "builtin", "json-type": "number"},
              {"name": "bool", "meta-type": "builtin", "json-type": "boolean"},
              {"name": "null", "meta-type": "builtin", "json-type": "null"},
              {"name": "any", "meta-type": "builtin", "json-type": "value"}
            ]"""));

    private static Optional<ArgumentProblem> check(String command, String arguments) {
        return SCHEMA.checkArguments(command, JsonParser.parseString(arguments).getAsJsonObject());
    }

    private static ArgumentProblem problem(String command, String arguments) {
        return check(command, arguments).orElseThrow(() -> new AssertionError("no problem found in " + arguments));
    }

    private static void assertProblem(Reason reason, String path, String command, String arguments) {
        ArgumentProblem problem = problem(command, arguments);
        assertEquals(reason, problem.reason(), problem::toString);
        assertEquals(path, problem.memberPath(), problem::toString);
    }

    private static void assertFits(String command, String arguments) {
        assertEquals(Optional.empty(), check(command, arguments));
    }

    @Test
    void argumentsThatFitHaveNoProblem() {
        assertFits("set-thing", """
                {"name": "a", "count": 3, "ratio": 0.5, "enabled": true, "opts": {"path": "p", "inner": {"depth": 2}},
                 "tags": ["x", "y"], "items": [{"path": "i"}, {"path": "j"}], "mode": "slow",
                 "target": {"path": "t"}, "limit": [], "data": {"anything": [1, "goes", null]}}""");
        assertFits("set-thing", "{\"name\": \"a\", \"count\": 123456789012345678901234567890, \"ratio\": 7}");
        assertFits("add-node", "{\"driver\": \"file\", \"node-name\": \"n0\", \"filename\": \"/f\", \"aio\": \"threads\"}");
        assertFits("add-node", "{\"driver\": \"null\"}");
        assertFits("add-node", "{\"driver\": \"nbd\", \"transport\": \"tcp\", \"host\": \"h\", \"port\": \"10809\"}");
        assertFits("no-args", "{}");
        assertEquals(Optional.empty(), SCHEMA.checkArguments("no-args", null), "null is no arguments");
    }

    @Test
    void aMemberTheSchemaLacksIsNamedAtItsDepth() {
        ArgumentProblem top = problem("set-thing", "{\"name\": \"a\", \"colour\": \"red\"}");
        assertEquals(Reason.UNKNOWN_MEMBER, top.reason());
        assertEquals("set-thing/arg-type/colour", top.memberPath());
        assertEquals("set-thing/arg-type/colour is not in this QEMU's schema", top.toString());
        assertProblem(Reason.UNKNOWN_MEMBER, "set-thing/arg-type/opts/extra", "set-thing",
                "{\"name\": \"a\", \"opts\": {\"path\": \"p\", \"extra\": 1}}");
        assertProblem(Reason.UNKNOWN_MEMBER, "set-thing/arg-type/opts/inner/deeper", "set-thing",
                "{\"name\": \"a\", \"opts\": {\"path\": \"p\", \"inner\": {\"depth\": 1, \"deeper\": 1}}}");
        assertProblem(Reason.UNKNOWN_MEMBER, "no-args/arg-type/x", "no-args", "{\"x\": 1}");
        // a name that does not start with a letter gets the leading space supports() reads
        assertProblem(Reason.UNKNOWN_MEMBER, "set-thing/arg-type/ __com.example_x", "set-thing",
                "{\"name\": \"a\", \"__com.example_x\": 1}");
    }

    @Test
    void aRequiredMemberThatIsMissingIsNamedAtItsDepth() {
        ArgumentProblem top = problem("set-thing", "{}");
        assertEquals(Reason.MISSING_REQUIRED_MEMBER, top.reason());
        assertEquals("set-thing/arg-type/name is required by this QEMU and missing", top.toString());
        assertEquals(top, SCHEMA.checkArguments("set-thing", null).orElseThrow(), "null is checked as {}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "set-thing/arg-type/opts/path", "set-thing",
                "{\"name\": \"a\", \"opts\": {}}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "set-thing/arg-type/opts/inner/depth", "set-thing",
                "{\"name\": \"a\", \"opts\": {\"path\": \"p\", \"inner\": {}}}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "set-thing/arg-type/items/path", "set-thing",
                "{\"name\": \"a\", \"items\": [{\"path\": \"i\"}, {}]}");
    }

    @Test
    void unionsTakeBaseMembersAndTheMembersOfTheSelectedVariant() {
        assertFits("add-node", "{\"driver\": \"file\", \"filename\": \"/f\", \"node-name\": \"n\"}");
        assertProblem(Reason.UNKNOWN_MEMBER, "add-node/arg-type/+file/x-foo", "add-node",
                "{\"driver\": \"file\", \"filename\": \"/f\", \"x-foo\": 1}");
        assertProblem(Reason.UNKNOWN_MEMBER, "add-node/arg-type/+null/filename", "add-node",
                "{\"driver\": \"null\", \"filename\": \"/f\"}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "add-node/arg-type/+file/filename", "add-node",
                "{\"driver\": \"file\", \"aio\": \"native\"}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "add-node/arg-type/driver", "add-node",
                "{\"node-name\": \"n\", \"filename\": \"/f\"}");
        // a variant that is itself a union
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "add-node/arg-type/+nbd/+tcp/port", "add-node",
                "{\"driver\": \"nbd\", \"transport\": \"tcp\", \"host\": \"h\"}");
        assertProblem(Reason.UNKNOWN_MEMBER, "add-node/arg-type/+nbd/+unix/x", "add-node",
                "{\"driver\": \"nbd\", \"transport\": \"unix\", \"path\": \"/s\", \"x\": 1}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "add-node/arg-type/+nbd/transport", "add-node",
                "{\"driver\": \"nbd\"}");
    }

    @Test
    void aTagValueThatIsNoCaseIsTheProblem() {
        ArgumentProblem unknown = problem("add-node", "{\"driver\": \"qcow9\", \"x-foo\": 1}");
        assertEquals(Reason.UNKNOWN_ENUM_VALUE, unknown.reason());
        assertEquals("add-node/arg-type/driver has the value 'qcow9', which is not one of this QEMU's: "
                + "'file', 'null', 'nbd', 'vvfat'", unknown.toString());
        ArgumentProblem noCase = problem("add-node", "{\"driver\": \"vvfat\"}");
        assertEquals(Reason.UNKNOWN_ENUM_VALUE, noCase.reason());
        assertEquals("add-node/arg-type/driver has the value 'vvfat', which is not a case of this QEMU's union: "
                + "'file', 'null', 'nbd'", noCase.toString());
        assertProblem(Reason.WRONG_JSON_TYPE, "add-node/arg-type/driver", "add-node", "{\"driver\": 1}");
    }

    @Test
    void arraysCheckEveryElement() {
        ArgumentProblem element = problem("set-thing", "{\"name\": \"a\", \"tags\": [\"x\", 1]}");
        assertEquals(Reason.WRONG_JSON_TYPE, element.reason());
        assertEquals("set-thing/arg-type/tags is a number where this QEMU expects a string", element.toString());
        assertProblem(Reason.UNKNOWN_MEMBER, "set-thing/arg-type/items/bogus", "set-thing",
                "{\"name\": \"a\", \"items\": [{\"path\": \"i\"}, {\"path\": \"j\", \"bogus\": true}]}");
        assertEquals("set-thing/arg-type/tags is a string where this QEMU expects an array",
                problem("set-thing", "{\"name\": \"a\", \"tags\": \"x\"}").toString());
        assertFits("set-thing", "{\"name\": \"a\", \"tags\": []}");
    }

    @Test
    void alternatesPickTheirBranchByJsonType() {
        assertFits("set-thing", "{\"name\": \"a\", \"target\": {\"path\": \"p\"}}");
        assertFits("set-thing", "{\"name\": \"a\", \"target\": \"fast\"}");
        assertProblem(Reason.UNKNOWN_ENUM_VALUE, "set-thing/arg-type/target", "set-thing",
                "{\"name\": \"a\", \"target\": \"medium\"}");
        assertProblem(Reason.UNKNOWN_MEMBER, "set-thing/arg-type/target/x", "set-thing",
                "{\"name\": \"a\", \"target\": {\"path\": \"p\", \"x\": 1}}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "set-thing/arg-type/target/path", "set-thing",
                "{\"name\": \"a\", \"target\": {}}");
        assertEquals("set-thing/arg-type/target is a number where this QEMU expects an object or a string",
                problem("set-thing", "{\"name\": \"a\", \"target\": 1}").toString());

        for (String limit : new String[] {"5", "true", "null", "[\"a\"]"}) {
            assertFits("set-thing", "{\"name\": \"a\", \"limit\": " + limit + "}");
        }
        assertEquals("set-thing/arg-type/limit is a string where this QEMU expects an integer or a boolean or null"
                + " or an array", problem("set-thing", "{\"name\": \"a\", \"limit\": \"x\"}").toString());
        assertEquals("set-thing/arg-type/limit is the number 1.5 where this QEMU expects an integer",
                problem("set-thing", "{\"name\": \"a\", \"limit\": 1.5}").toString());
        assertProblem(Reason.WRONG_JSON_TYPE, "set-thing/arg-type/limit", "set-thing",
                "{\"name\": \"a\", \"limit\": [1]}");
    }

    @Test
    void enumsTakeOnlyTheirValues() {
        assertFits("set-thing", "{\"name\": \"a\", \"mode\": \"fast\"}");
        ArgumentProblem value = problem("set-thing", "{\"name\": \"a\", \"mode\": \"medium\"}");
        assertEquals(Reason.UNKNOWN_ENUM_VALUE, value.reason());
        assertEquals("set-thing/arg-type/mode has the value 'medium', which is not one of this QEMU's: 'fast', 'slow'",
                value.toString());
        assertEquals("set-thing/arg-type/mode is a boolean where this QEMU expects a string",
                problem("set-thing", "{\"name\": \"a\", \"mode\": true}").toString());
    }

    @Test
    void builtinsTakeOnlyTheirJsonType() {
        assertEquals("set-thing/arg-type/name is a number where this QEMU expects a string",
                problem("set-thing", "{\"name\": 1}").toString());
        assertEquals("set-thing/arg-type/name is null where this QEMU expects a string",
                problem("set-thing", "{\"name\": null}").toString());
        assertEquals("set-thing/arg-type/count is a string where this QEMU expects an integer",
                problem("set-thing", "{\"name\": \"a\", \"count\": \"3\"}").toString());
        assertEquals("set-thing/arg-type/count is the number 1.0 where this QEMU expects an integer",
                problem("set-thing", "{\"name\": \"a\", \"count\": 1.0}").toString(), "1.0 is a double to QEMU");
        assertEquals("set-thing/arg-type/enabled is a string where this QEMU expects a boolean",
                problem("set-thing", "{\"name\": \"a\", \"enabled\": \"yes\"}").toString());
        assertEquals("set-thing/arg-type/ratio is an object where this QEMU expects a number",
                problem("set-thing", "{\"name\": \"a\", \"ratio\": {}}").toString());
        assertEquals("set-thing/arg-type/opts is an array where this QEMU expects an object",
                problem("set-thing", "{\"name\": \"a\", \"opts\": []}").toString());
        for (String data : new String[] {"null", "1", "\"s\"", "[{}]", "{\"k\": [true]}"}) {
            assertFits("set-thing", "{\"name\": \"a\", \"data\": " + data + "}");
        }
        assertFits("open-args", "{\"whatever\": {\"it\": \"is\"}}");
        JsonObject built = new JsonObject();
        built.addProperty("name", "a");
        built.addProperty("count", 7L);
        assertEquals(Optional.empty(), SCHEMA.checkArguments("set-thing", built), "a Java long is an integer");
        built.addProperty("count", 7.0);
        assertEquals(Reason.WRONG_JSON_TYPE, SCHEMA.checkArguments("set-thing", built).orElseThrow().reason(),
                "a Java double is sent as 7.0");
    }

    @Test
    void deviceAddTakesTheDevicesOwnPropertiesBesideItsSchemaMembers() {
        assertFits("device_add", "{\"driver\": \"virtio-net-pci\", \"id\": \"net0\", \"mac\": \"52:54:00:12:34:56\"}");
        assertProblem(Reason.MISSING_REQUIRED_MEMBER, "device_add/arg-type/driver", "device_add", "{\"id\": \"x\"}");
        assertProblem(Reason.WRONG_JSON_TYPE, "device_add/arg-type/id", "device_add", "{\"driver\": \"d\", \"id\": 1}");
    }

    @Test
    void pathsAreThoseSupportsReads() {
        ArgumentProblem missing = problem("add-node", "{\"driver\": \"nbd\", \"transport\": \"tcp\", \"host\": \"h\"}");
        assertTrue(SCHEMA.supports(missing.memberPath()), missing.memberPath());
        ArgumentProblem unknown = problem("add-node", "{\"driver\": \"file\", \"filename\": \"/f\", \"x-foo\": 1}");
        assertFalse(SCHEMA.supports(unknown.memberPath()), unknown.memberPath());
        assertTrue(SCHEMA.supports("add-node/arg-type/+file/filename"));
    }

    @Test
    void aRecursiveSchemaAndADeepValueEndWithoutExhaustingTheStack() {
        int depth = 50_000;
        JsonObject root = new JsonObject();
        JsonObject current = root;
        for (int i = 0; i < depth; i++) {
            JsonObject next = new JsonObject();
            current.add("next", next);
            current = next;
        }
        current.addProperty("label", "bottom");
        assertEquals(Optional.empty(), SCHEMA.checkArguments("chain", root));
        current.add("oops", new JsonArray());
        ArgumentProblem problem = SCHEMA.checkArguments("chain", root).orElseThrow();
        assertEquals(Reason.UNKNOWN_MEMBER, problem.reason());
        assertEquals("chain/arg-type" + "/next".repeat(depth) + "/oops", problem.memberPath());
    }

    @Test
    void onlyCommandsOfThisSchemaCanBeChecked() {
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.checkArguments("no-such-command", null));
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.checkArguments("SOMETHING_HAPPENED", null));
        assertThrows(NullPointerException.class, () -> SCHEMA.checkArguments(null, null));
    }
}
