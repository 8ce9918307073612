package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.ArrayType;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.Member;
import dev.qmp4j.codegen.Schema.ObjectType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link SchemaMerger} merges versions whose type names differ: by ABI path only. */
class SchemaMergerTest {
    private static final String BUILTINS = """
            {"name": "str", "meta-type": "builtin", "json-type": "string"},
            {"name": "int", "meta-type": "builtin", "json-type": "int"},
            {"name": "bool", "meta-type": "builtin", "json-type": "boolean"},
            {"name": "[str]", "meta-type": "array", "element-type": "str"},
            {"name": "0", "meta-type": "object", "members": [{"name": "unused", "default": null, "type": "str"}]},
            {"name": "e", "meta-type": "object", "members": []}
            """;

    private static Schema capture(String version, String entries) {
        String[] v = version.split("\\.");
        return Schema.parse(JsonParser.parseString("{\"version\": {\"qemu\": {\"major\": " + v[0] + ", \"minor\": "
                + v[1] + ", \"micro\": " + v[2] + "}}, \"schema\": [" + entries + "," + BUILTINS + "]}")
                .getAsJsonObject());
    }

    private static ObjectType result(Schema merged, String command) {
        return (ObjectType) merged.type(merged.command(command).orElseThrow().retType());
    }

    private static Member member(ObjectType type, String name) {
        return type.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void membersAreOptionalUnlessEveryVersionRequiresThemAndKnowTheirVersions() {
        Schema merged = SchemaMerger.merge(List.of(
                capture("2.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "7"},
                        {"name": "7", "meta-type": "object", "members": [{"name": "a", "type": "int"},
                            {"name": "c", "type": "str"}, {"name": "d", "type": "bool"}]}"""),
                capture("1.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "a", "type": "int"},
                            {"name": "b", "type": "str"}, {"name": "d", "default": null, "type": "bool"}]}""")));
        assertEquals(List.of("1.0.0", "2.0.0"), merged.versions());
        ObjectType q = result(merged, "q");
        assertEquals(List.of("a", "b", "d", "c"), q.members().stream().map(Member::name).toList(), "oldest first");
        assertFalse(member(q, "a").optional());
        assertTrue(member(q, "b").optional(), "gone in 2.0");
        assertEquals(List.of("1.0.0"), member(q, "b").versions());
        assertTrue(member(q, "c").optional(), "new in 2.0");
        assertTrue(member(q, "d").optional(), "optional in 1.0");
        assertEquals(List.of("1.0.0", "2.0.0"), member(q, "d").versions());
    }

    @Test
    void aStringThatBecameAnEnumerationIsTheEnumerationAndAListOfStringsTakesAlternates() {
        Schema merged = SchemaMerger.merge(List.of(
                capture("1.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "kind", "type": "str"},
                            {"name": "names", "type": "[str]"}, {"name": "other", "type": "[str]"}]}"""),
                capture("2.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "kind", "type": "4"},
                            {"name": "names", "type": "[5]"}, {"name": "other", "type": "[str]"}]},
                        {"name": "4", "meta-type": "enum", "values": ["x", "y"]},
                        {"name": "[5]", "meta-type": "array", "element-type": "5"},
                        {"name": "5", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "6"}]},
                        {"name": "6", "meta-type": "object", "members": [{"name": "node", "type": "str"}]}""")));
        ObjectType q = result(merged, "q");
        assertInstanceOf(EnumType.class, merged.type(member(q, "kind").type()));
        ArrayType names = assertInstanceOf(ArrayType.class, merged.type(member(q, "names").type()));
        assertInstanceOf(AlternateType.class, merged.type(names.elementType()));
        assertEquals("[str]", member(q, "other").type(), "an unrelated list of strings stays one");
    }

    @Test
    void theSharedEmptyObjectMergesNothing() {
        Schema merged = SchemaMerger.merge(List.of(
                capture("1.0.0", """
                        {"name": "a", "meta-type": "command", "arg-type": "e", "ret-type": "e"},
                        {"name": "b", "meta-type": "command", "arg-type": "e", "ret-type": "e"}"""),
                capture("2.0.0", """
                        {"name": "a", "meta-type": "command", "arg-type": "3", "ret-type": "e"},
                        {"name": "b", "meta-type": "command", "arg-type": "4", "ret-type": "e"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "x", "type": "int"}]},
                        {"name": "4", "meta-type": "object", "members": [{"name": "y", "type": "str"}]}""")));
        String a = merged.command("a").orElseThrow().argType();
        String b = merged.command("b").orElseThrow().argType();
        assertNotEquals(a, b, "a and b took no arguments in 1.0; that does not make them one type");
        assertTrue(member((ObjectType) merged.type(a), "x").optional(), "1.0 had no arguments at all");
        assertTrue(merged.isEmptyObject(merged.command("a").orElseThrow().retType()));
    }

    @Test
    void aTypeThatBecameAUnionKeepsItsOldMembersAndAnOptionalTag() {
        Schema merged = SchemaMerger.merge(List.of(
                capture("1.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "policy", "type": "int"}]}"""),
                capture("2.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "tag": "type",
                            "members": [{"name": "type", "type": "4"}],
                            "variants": [{"case": "sev", "type": "5"}]},
                        {"name": "4", "meta-type": "enum", "values": ["sev"]},
                        {"name": "5", "meta-type": "object", "members": [{"name": "policy", "type": "int"}]}""")));
        ObjectType q = result(merged, "q");
        assertEquals("type", q.tag().orElseThrow());
        assertTrue(member(q, "type").optional());
        assertTrue(member(q, "policy").optional());
        assertEquals(List.of("2.0.0"), q.variants().get(0).versions());
    }

    @Test
    void differentKindsAtOnePathBecomeAnAlternateAndOneKindTwiceIsRefused() {
        Schema merged = SchemaMerger.merge(List.of(
                capture("1.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "v", "type": "int"}]}"""),
                capture("2.0.0", """
                        {"name": "q", "meta-type": "command", "arg-type": "e", "ret-type": "3"},
                        {"name": "3", "meta-type": "object", "members": [{"name": "v", "type": "bool"}]}""")));
        AlternateType v = assertInstanceOf(AlternateType.class, merged.type(member(result(merged, "q"), "v").type()));
        assertEquals(List.of("bool", "int"), v.memberTypes());
        assertThrows(IllegalArgumentException.class, () -> SchemaMerger.merge(List.of(
                capture("1.0.0", "{\"name\": \"q\", \"meta-type\": \"command\", \"arg-type\": \"e\", \"ret-type\": \"str\"}"),
                capture("1.0.0", "{\"name\": \"q\", \"meta-type\": \"command\", \"arg-type\": \"e\", \"ret-type\": \"str\"}"))),
                "two captures of one version");
    }
}
