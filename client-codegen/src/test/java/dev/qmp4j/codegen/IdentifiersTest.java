package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void convertsQmpNames() {
        assertEquals("QueryCpusFast", Identifiers.pascal("query-cpus-fast"));
        assertEquals("Shutdown", Identifiers.pascal("SHUTDOWN"));
        assertEquals("BlockJobCompleted", Identifiers.pascal("BLOCK_JOB_COMPLETED"));
        assertEquals("trayOpen", Identifiers.camel("tray_open"));
        assertEquals("comRedhatDriveMirror", Identifiers.camel("__com.redhat_drive-mirror"));
        assertEquals("AES_128", Identifiers.constant("aes-128"));
        assertEquals("_3DES", Identifiers.constant("3des"));
        assertEquals("V3des", Identifiers.typeName("3des"));
    }

    @Test
    void takenNamesGetTheFirstFreeSuffix() {
        assertEquals("Foo", Identifiers.unique("Foo", Set.of()));
        assertEquals("Foo3", Identifiers.unique("Foo", Set.of("Foo", "Foo2")));
    }

    @Test
    void aSchemaThatLostItsOptionalMembersIsRefused() {
        String capture = "{\"version\": {\"qemu\": {\"major\": 7, \"minor\": 2, \"micro\": 0}}, \"schema\": ["
                + "{\"name\": \"o\", \"meta-type\": \"object\", \"members\": [{\"name\": \"a\", \"type\": \"str\"}]},"
                + "{\"name\": \"str\", \"meta-type\": \"builtin\", \"json-type\": \"string\"}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schema.parse(JsonParser.parseString(capture).getAsJsonObject()));
        assertTrue(e.getMessage().contains("drops nulls"), e.getMessage());
    }
}
