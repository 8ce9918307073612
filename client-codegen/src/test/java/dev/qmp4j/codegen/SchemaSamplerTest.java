package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.qmp4j.codegen.SchemaSampler.Mode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link SchemaSampler} on a tiny hand-written schema. */
class SchemaSamplerTest {
    /**
     * 1: a struct with optional members; 2: a union on enum 3 (cases a, b); 6: an alternate of
     * str and 1; 7: recursive through an optional member and an alternate (8); 9: recursive
     * through a required member, which QEMU's schemas never are.
     */
    private static final Schema SCHEMA = Schema.parse(JsonParser.parseString("""
            {"version": {"qemu": {"major": 1, "minor": 2, "micro": 3}, "package": ""},
             "schema": [
              {"name": "str", "meta-type": "builtin", "json-type": "string"},
              {"name": "int", "meta-type": "builtin", "json-type": "int"},
              {"name": "bool", "meta-type": "builtin", "json-type": "boolean"},
              {"name": "number", "meta-type": "builtin", "json-type": "number"},
              {"name": "any", "meta-type": "builtin", "json-type": "value"},
              {"name": "null", "meta-type": "builtin", "json-type": "null"},
              {"name": "1", "meta-type": "object", "members": [
                {"name": "name", "type": "str"},
                {"name": "size", "type": "int", "default": null},
                {"name": "colour", "type": "5", "default": null},
                {"name": "ratio", "type": "number", "default": null},
                {"name": "extra", "type": "any", "default": null},
                {"name": "nothing", "type": "null", "default": null}]},
              {"name": "2", "meta-type": "object", "tag": "kind", "members": [
                {"name": "kind", "type": "3"}, {"name": "id", "type": "int"}],
               "variants": [{"case": "a", "type": "4"}, {"case": "b", "type": "0"}]},
              {"name": "3", "meta-type": "enum", "members": [{"name": "a"}, {"name": "b"}], "values": ["a", "b"]},
              {"name": "4", "meta-type": "object", "members": [
                {"name": "flag", "type": "bool"}, {"name": "items", "type": "[1]", "default": null}]},
              {"name": "0", "meta-type": "object", "members": []},
              {"name": "[1]", "meta-type": "array", "element-type": "1"},
              {"name": "5", "meta-type": "enum", "members": [{"name": "red"}, {"name": "green"}, {"name": "blue"}],
               "values": ["red", "green", "blue"]},
              {"name": "6", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "1"}]},
              {"name": "7", "meta-type": "object", "members": [
                {"name": "next", "type": "7", "default": null}, {"name": "ref", "type": "8", "default": null}]},
              {"name": "8", "meta-type": "alternate", "members": [{"type": "7"}, {"type": "str"}]},
              {"name": "9", "meta-type": "object", "members": [{"name": "self", "type": "9"}]},
              {"name": "query-thing", "meta-type": "command", "arg-type": "0", "ret-type": "2"}
             ]}
            """).getAsJsonObject());

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void requiredModeHasOnlyTheRequiredMembers() {
        assertEquals(json("{\"name\": \"text\"}"), new SchemaSampler(SCHEMA, Mode.REQUIRED).sample("1"));
    }

    @Test
    void fullModeHasEveryMemberOfEveryBuiltinType() {
        JsonObject full = new SchemaSampler(SCHEMA, Mode.FULL).sample("1").getAsJsonObject();
        assertEquals(json("{\"name\": \"text\", \"size\": 0, \"colour\": \"red\", \"ratio\": 1.5,"
                + " \"extra\": {\"key\": \"value\", \"n\": 1}, \"nothing\": null}"), full);
    }

    @Test
    void everyUnionCaseIsSampledWithItsTagAndMembers() {
        List<JsonElement> samples = new SchemaSampler(SCHEMA, Mode.REQUIRED).samples("2");
        assertEquals(List.of(json("{\"kind\": \"a\", \"id\": 0, \"flag\": true}"), json("{\"kind\": \"b\", \"id\": 1}")),
                samples);
        List<JsonElement> full = new SchemaSampler(SCHEMA, Mode.FULL).samples("2");
        assertEquals(Set.of(new JsonPrimitive("a"), new JsonPrimitive("b")),
                full.stream().map(j -> j.getAsJsonObject().get("kind")).collect(Collectors.toSet()));
        assertEquals(2, full.get(0).getAsJsonObject().getAsJsonArray("items").size());
    }

    @Test
    void enumerationValuesRotateAcrossSamples() {
        SchemaSampler sampler = new SchemaSampler(SCHEMA, Mode.FULL);
        assertEquals(List.of(new JsonPrimitive("red"), new JsonPrimitive("green"), new JsonPrimitive("blue")),
                sampler.samples("5"));
        Set<JsonElement> colours = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            colours.add(sampler.sample("1").getAsJsonObject().get("colour"));
        }
        assertEquals(3, colours.size());
    }

    @Test
    void integersIncludeAnUnsigned64BitValue() {
        SchemaSampler sampler = new SchemaSampler(SCHEMA, Mode.FULL);
        Set<JsonElement> ints = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ints.add(sampler.sample("int"));
        }
        assertTrue(ints.contains(new JsonPrimitive(SchemaSampler.LARGE)), ints.toString());
    }

    @Test
    void alternatesRotateOverTheirBranches() {
        List<JsonElement> samples = new SchemaSampler(SCHEMA, Mode.REQUIRED).samples("6");
        assertEquals(List.of(new JsonPrimitive("text"), json("{\"name\": \"text\"}")), samples);
    }

    @Test
    void recursionStopsAtTheCutoffWithAScalarBranch() {
        List<JsonElement> samples = new SchemaSampler(SCHEMA, Mode.FULL).samples("7");
        for (JsonElement sample : samples) {
            JsonObject level = sample.getAsJsonObject();
            int depth = 0;
            while (level.has("next")) {
                level = level.getAsJsonObject("next");
                depth++;
            }
            assertEquals(SchemaSampler.CUTOFF_DEPTH, depth, sample.toString());
            assertEquals(List.of(), objectRefsAtOrPastTheCutoff(sample, 0), sample.toString());
        }
        assertTrue(samples.stream().anyMatch(s -> s.getAsJsonObject().get("ref").isJsonObject()), samples.toString());
    }

    /** The {@code ref} members at or past the cutoff depth that hold an object, not a string. */
    private static List<String> objectRefsAtOrPastTheCutoff(JsonElement value, int depth) {
        List<String> found = new ArrayList<>();
        if (value.isJsonObject()) {
            for (var member : value.getAsJsonObject().entrySet()) {
                if (member.getKey().equals("ref") && depth + 1 >= SchemaSampler.CUTOFF_DEPTH
                        && member.getValue().isJsonObject()) {
                    found.add("ref at depth " + (depth + 1));
                }
                found.addAll(objectRefsAtOrPastTheCutoff(member.getValue(), depth + 1));
            }
        }
        return found;
    }

    @Test
    void recursionThroughRequiredMembersFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SchemaSampler(SCHEMA, Mode.REQUIRED).sample("9"));
        assertTrue(e.getMessage().startsWith("values nest deeper than " + SchemaSampler.MAX_DEPTH
                + " levels at $.self.self."), e.getMessage());
        assertTrue(e.getMessage().endsWith("(type 9): the schema recurses through required members"), e.getMessage());
    }

    @Test
    void theSamplesAreDeterministic() {
        SchemaSampler one = new SchemaSampler(SCHEMA, Mode.FULL);
        SchemaSampler two = new SchemaSampler(SCHEMA, Mode.FULL);
        for (String root : List.of("2", "6", "7", "8", "1")) {
            assertEquals(one.samples(root), two.samples(root), root);
        }
        assertTrue(one.coverage().incomplete().isEmpty(), one.coverage().toString());
    }
}
