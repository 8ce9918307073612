package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.qmp4j.samples.cli.ExitCodes;
import dev.qmp4j.samples.cli.ShellInterpreter;
import dev.qmp4j.testkit.ReceivedCommand;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transactions in both of qmp-shell's forms: {@code transaction(} ... {@code )} over lines, and on one line. */
class ShellTransactionTest {
    private static final String TWO_BITMAPS = "{\"actions\":["
            + "{\"type\":\"block-dirty-bitmap-add\",\"data\":{\"node\":\"drive0\",\"name\":\"bitmap1\"}},"
            + "{\"type\":\"block-dirty-bitmap-clear\",\"data\":{\"node\":\"drive0\",\"name\":\"bitmap0\"}}]}";

    @RegisterExtension
    final ShellServer server = new ShellServer();

    /** The closing parenthesis on a line of its own, or at the end of the last action's line. */
    @ParameterizedTest
    @ValueSource(strings = {"\n)\n", " )\n"})
    void collectsActionsOverLinesAndSendsThemAtTheClosingParenthesis(String closing) {
        ShellRun shell = ShellRun.of(server.session(), "transaction(\n"
                + "block-dirty-bitmap-add node=drive0 name=bitmap1\n"
                + "block-dirty-bitmap-clear node=drive0 name=bitmap0" + closing);
        assertEquals(ExitCodes.OK, shell.exitCode(), shell.err());
        assertEquals(List.of(JsonParser.parseString(TWO_BITMAPS)), transactions());
    }

    @Test
    void takesOneActionOnOneLine() {
        ShellRun shell = ShellRun.of(server.session(), "transaction( block-dirty-bitmap-add node=drive0 name=b1 )\n"
                + "transaction( )\n");
        assertEquals(ExitCodes.OK, shell.exitCode(), shell.err());
        assertEquals(List.of(
                JsonParser.parseString("{\"actions\":[{\"type\":\"block-dirty-bitmap-add\","
                        + "\"data\":{\"node\":\"drive0\",\"name\":\"b1\"}}]}"),
                JsonParser.parseString("{\"actions\":[]}")), transactions());
    }

    @Test
    void anActionItCannotReadIsLeftOutAndTheTransactionStaysOpen() {
        ShellRun shell = ShellRun.of(server.session(), "transaction(\nabort x=1 x=2\nabort\n)\n");
        assertEquals(ExitCodes.USAGE, shell.exitCode());
        assertEquals("qmp: 'x' is set more than once\n", shell.err());
        assertEquals(List.of(JsonParser.parseString("{\"actions\":[{\"type\":\"abort\",\"data\":{}}]}")), transactions());
    }

    @Test
    void inputAfterTheClosingParenthesisIsAnErrorAndSendsNothing() {
        ShellRun shell = ShellRun.of(server.session(), "transaction(\nabort\n) extra\nquery-status\n");
        assertEquals(ExitCodes.USAGE, shell.exitCode());
        assertTrue(shell.err().startsWith("qmp: unexpected input after the ')' that closed the transaction: extra"),
                shell.err());
        assertEquals(List.of(), transactions());
        assertTrue(shell.out().contains("\"running\""), "the shell went on, out of the transaction: " + shell.out());
    }

    @Test
    void inputThatEndsInsideATransactionSendsNothingAndFails() {
        ShellRun shell = ShellRun.of(server.session(), "transaction(\nabort\n");
        assertEquals(ExitCodes.USAGE, shell.exitCode());
        assertEquals("qmp: the input ended inside transaction(: its 1 actions were not sent\n", shell.err());
        assertEquals(List.of(), transactions());
    }

    @Test
    void thePromptSaysWhenActionsAreBeingCollected() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        DumbTerminal terminal = new DumbTerminal(new PipedInputStream(typing), screen);
        ShellInterpreter shell = ShellInterpreter.interactive(server.session(), terminal, Optional.empty(),
                Duration.ofSeconds(10));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(shell::run);
        typing.write("transaction(\nabort\n)\n".getBytes(StandardCharsets.UTF_8));
        typing.close();
        assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
        String text = screen.toString(StandardCharsets.UTF_8);
        // (QEMU) transaction(   TRANS> abort   TRANS> )   then (QEMU) again
        int first = text.indexOf(ShellInterpreter.TRANSACTION_PROMPT);
        int second = text.indexOf(ShellInterpreter.TRANSACTION_PROMPT, first + 1);
        assertTrue(text.indexOf(ShellInterpreter.PROMPT) < first && first < second
                && text.indexOf(ShellInterpreter.TRANSACTION_PROMPT, second + 1) < 0
                && text.lastIndexOf(ShellInterpreter.PROMPT) > second, text);
    }

    /** The arguments of each transaction the server received; the session is closed by now. */
    private List<JsonElement> transactions() {
        return server.simulator().awaitSession(Duration.ofSeconds(10)).received().stream()
                .filter(c -> c.name().equals("transaction")).map(ReceivedCommand::arguments)
                .map(JsonElement.class::cast).toList();
    }
}
