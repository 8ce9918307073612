package dev.qmp4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonSyntax}: where a text stops being JSON, and what was expected there. */
class JsonSyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\": 1, \"b\": [true, false, null, -1.5e3, \"x\\n\\u00e9\"]}", "{'a': 'single'}",
        " [ ] ", "\"s\"", "0", "{\"a\": {\"a\": 1}}"})
    void validJsonHasNoProblem(String text) {
        assertEquals(Optional.empty(), JsonSyntax.problem(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\": 1 \"b\": 2}        | at column 9: expected ',' or '}'",
        "{\"a\": 1                  | at column 8: expected ',' or '}'",
        "{\"a\" 1}                  | at column 6: expected ':'",
        "{a: 1}                     | at column 2: expected a quoted key or '}'",
        "{\"a\": 1,}                | at column 9: expected a quoted key",
        "{\"a\": tru}               | at column 7: expected a value",
        "[1 2]                      | at column 4: expected ',' or ']'",
        "[1,]                       | at column 4: expected a value",
        "{\"a\": \"open}            | at column 7: the string that starts here is not closed",
        "{\"a\": 01}                | at column 7: invalid number",
        "{\"a\": 1.}                | at column 7: invalid number",
        "{\"a\": \"\\x\"}           | at column 8: invalid escape \\x",
        "{\"a\": 1, \"a\": 2}       | at column 10: the key \"a\" is given twice",
        "{} {}                      | at column 4: unexpected text after the JSON value",
        "``                         | at column 1: expected a value"})
    void saysWhereAndWhat(String text, String problem) {
        assertEquals(problem, JsonSyntax.problem(text).orElseThrow().describe(0));
    }

    @Test
    void countsLinesAndColumnsOfLongerText() {
        assertEquals("at line 3, column 3: expected ',' or '}'",
                JsonSyntax.problem("{\"a\": 1,\n  \"b\": 2\n  \"c\": 3}").orElseThrow().describe(0));
        assertEquals("at column 22: expected a value", JsonSyntax.problem("{\"a\": }").orElseThrow().describe(15));
    }
}
