package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed naming table against the committed schema. */
class NamingTableTest {
    /** The most used commands and events: every type they reach must have a conventional name. */
    static final List<String> MOST_USED = List.of("query-status", "query-version", "query-name", "query-commands",
            "query-qmp-schema", "qmp_capabilities", "stop", "cont", "system_reset", "system_powerdown", "quit",
            "device_add", "device_del", "blockdev-add", "blockdev-del", "query-block", "query-named-block-nodes",
            "query-blockstats", "block-job-cancel", "block-job-complete", "query-block-jobs", "job-dismiss",
            "query-jobs", "migrate", "migrate-set-capabilities", "query-migrate", "qom-list", "qom-get", "qom-set",
            "query-cpus-fast", "query-pci", "human-monitor-command", "query-kvm", "query-machines", "balloon",
            "query-balloon", "netdev_add", "netdev_del", "SHUTDOWN", "RESET", "STOP", "RESUME", "POWERDOWN",
            "DEVICE_DELETED", "JOB_STATUS_CHANGE", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_READY", "MIGRATION",
            "GUEST_PANICKED", "BLOCK_IO_ERROR");

    private static Naming naming;

    @BeforeAll
    static void name() throws IOException {
        naming = Naming.assign(Generator.readCaptures(GeneratedSources.COMMITTED_CAPTURES), NamingTable.builtIn());
    }

    @Test
    void everyTypeReachableFromTheMostUsedCommandsAndEventsHasATableEntry() {
        List<String> unnamed = naming.reachableFrom(MOST_USED).stream()
                .filter(t -> !t.startsWith(Naming.EVENT_TYPE_PREFIX) && !naming.hasTableName(t))
                .map(t -> naming.types().get(t).path() + " (now " + naming.types().get(t).javaName() + ")")
                .toList();
        assertEquals(List.of(), unnamed, "add these paths to " + NamingTable.RESOURCE);
    }

    @Test
    void everyTableEntryNamesAPathThatExists() {
        assertEquals(List.of(), naming.problems());
    }

    @Test
    void wellKnownPathsHaveTheirQapiNames() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("query-status/ret-type", "StatusInfo"),
                Map.entry("query-status/ret-type/status", "RunState"),
                Map.entry("SHUTDOWN/arg-type", "ShutdownEvent"),
                Map.entry("SHUTDOWN/arg-type/reason", "ShutdownCause"),
                Map.entry("RESET/arg-type/reason", "ShutdownCause"),
                Map.entry("blockdev-add/arg-type", "BlockdevOptions"),
                Map.entry("blockdev-add/arg-type/+file", "BlockdevOptionsFile"),
                Map.entry("blockdev-add/arg-type/driver", "BlockdevDriver"),
                Map.entry("device_del/arg-type", "DeviceDelArguments"),
                Map.entry("query-block/ret-type", "BlockInfo"),
                Map.entry("query-block/ret-type/inserted/image", "ImageInfo"),
                Map.entry("query-jobs/ret-type/status", "JobStatus"),
                Map.entry("query-migrate/ret-type", "MigrationInfo"),
                Map.entry("GUEST_PANICKED/arg-type/action", "GuestPanicAction"),
                Map.entry("BLOCK_IO_ERROR/arg-type/action", "BlockErrorAction"));
        expected.forEach((path, name) -> assertEquals(name,
                naming.javaName(naming.resolve(path).orElseThrow(() -> new AssertionError("no path " + path))), path));
    }

    @Test
    void eventsWithoutDataGetTheirOwnRecord() {
        assertEquals("StopEvent", naming.javaName(naming.eventTypes().get("STOP")));
        assertEquals("ResumeEvent", naming.javaName(naming.eventTypes().get("RESUME")));
    }

    @Test
    void pathsThatLeadNowhereDoNotResolve() {
        assertEquals(Optional.empty(), naming.resolve("query-status/ret-type/no-such-member"));
        assertEquals(Optional.empty(), naming.resolve("no-such-command/arg-type"));
        assertEquals(Optional.empty(), naming.resolve("query-status/ret-type/running")); // a builtin
        assertEquals(Optional.empty(), naming.resolve("stop/arg-type")); // the empty object
        assertEquals(Optional.empty(), naming.resolve("blockdev-add/arg-type/+no-such-driver"));
    }

    @Test
    void aTableThatGivesOneTypeTwoNamesIsRejected() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("naming", ".json");
        try {
            java.nio.file.Files.writeString(file,
                    "{\"SHUTDOWN/arg-type/reason\": \"ShutdownCause\", \"RESET/arg-type/reason\": \"ResetCause\"}");
            NamingTable table = NamingTable.load(file);
            Schema schema = naming.schema();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Naming.assign(schema, table));
            assertTrue(e.getMessage().contains("ResetCause"), e.getMessage());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void facadeMethodNamesAreCamelCaseCommandNames() {
        assertEquals("queryStatus", naming.methods().get("query-status"));
        assertEquals("deviceDel", naming.methods().get("device_del"));
        assertEquals("qmpCapabilities", naming.methods().get("qmp_capabilities"));
        assertEquals("xQueryIrq", naming.methods().get("x-query-irq"));
        assertEquals(naming.methods().size(), naming.methods().values().stream().distinct().count());
    }
}
