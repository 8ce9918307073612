package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Arguments as {@code qmp exec} and the shell take them: a JSON object checked with a one-line
 * error, or {@code key=value} pairs where dotted keys nest and a key set twice is an error, as in
 * QEMU's qmp-shell.
 */
@Timeout(120)
class CommandArgumentsTest {
    @Test
    void dottedKeysBuildNestedObjects() {
        assertEquals(JsonParser.parseString("{\"driver\":\"raw\",\"file\":{\"driver\":\"null-co\",\"size\":1024},"
                + "\"cache\":{\"direct\":false}}"),
                CommandArguments.parse(List.of("driver=raw", "file.driver=null-co", "file.size=1024", "cache.direct=false")));
    }

    @Test
    void aDottedKeyMayAddToAnObjectGivenAsJson() {
        assertEquals(JsonParser.parseString("{\"cache\":{\"direct\":true,\"no-flush\":false}}"),
                CommandArguments.parse(List.of("cache={\"direct\":true}", "cache.no-flush=false")));
    }

    @Test
    void aKeySetTwiceIsAnError() {
        assertEquals("'id' is set more than once", failure("id=a", "id=b"));
        assertEquals("'cache.direct' is set more than once", failure("cache.direct=true", "cache.direct=false"));
        assertEquals("'cache' is set more than once", failure("cache={}", "cache=1"));
    }

    @Test
    void aKeyCannotBeBothAValueAndTheStartOfADottedKey() {
        assertEquals("'cache' cannot be both a key with a value and the start of a dotted key",
                failure("cache=1", "cache.direct=true"));
        assertEquals("'cache' cannot be both a key with a value and the start of a dotted key",
                failure("cache.direct=true", "cache=1"));
        assertEquals("the key 'cache..direct' has an empty part", failure("cache..direct=true"));
    }

    @Test
    void malformedJsonSaysWhereInOneLine() {
        assertEquals("ARGS is not valid JSON at column 9: expected ',' or '}'", failure("{\"a\": 1 \"b\": 2}"));
    }

    @Test
    void execPrintsOneLineForMalformedJsonAndSendsNothing() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.start()) {
            CliRun.Result r = CliRun.run("exec", "--socket", simulator.endpoint().unixPath().orElseThrow().toString(),
                    "device_add", "{\"driver\": \"usb-tablet\" \"id\": \"t1\"}").withoutStackTrace();
            assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
            assertEquals("qmp: ARGS is not valid JSON at column 25: expected ',' or '}'\n", r.err());
            assertTrue(simulator.sessions().isEmpty(), "nothing was sent");
        }
    }

    @Test
    void execSendsNestedObjectsOfDottedKeys() throws Exception {
        try (QmpSimulator simulator = QmpSimulator.builder().handler("echo", request -> QmpReply.success(request.arguments()))
                .start()) {
            CliRun.Result r = CliRun.run("exec", "--socket", simulator.endpoint().unixPath().orElseThrow().toString(),
                    "echo", "cache.direct=false", "id=x").withoutStackTrace();
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals(JsonParser.parseString("{\"cache\":{\"direct\":false},\"id\":\"x\"}"), JsonParser.parseString(r.out()));
        }
    }

    @Test
    void execRefusesAKeySetTwice() throws Exception {
        CliRun.Result r = CliRun.run("exec", "--simulator", "device_del", "id=a", "id=b").withoutStackTrace();
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertEquals("qmp: 'id' is set more than once\n", r.err());
    }

    private static String failure(String... words) {
        return assertThrows(IllegalArgumentException.class, () -> CommandArguments.parse(List.of(words))).getMessage();
    }
}
