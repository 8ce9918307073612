package dev.qmp4j.samples.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmp4j.samples.cli.ExitCodes;
import dev.qmp4j.samples.cli.ShellOptions;
import dev.qmp4j.testkit.QmpReply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In batch mode (stdin no terminal) the shell runs every line, and the first that failed decides the exit code. */
class ShellBatchTest {
    @RegisterExtension
    final ShellServer server = new ShellServer();

    @Test
    void allLinesSucceededExitsZero() {
        assertEquals(ExitCodes.OK, ShellRun.of(server.session(), "query-status\n# a comment\n\nquery-version\n").exitCode());
    }

    @Test
    void aQmpErrorExitsOneAfterTheRest() {
        ShellRun shell = ShellRun.of(server.session(), "no-such-command\nquery-status\n");
        assertEquals(ExitCodes.QMP_ERROR, shell.exitCode());
        assertTrue(shell.out().contains("\"running\""), "the rest ran: " + shell.out());
    }

    @Test
    void aLineItCannotReadExitsTwo() {
        assertEquals(ExitCodes.USAGE, ShellRun.of(server.session(), "query-status {\"a\": }\n").exitCode());
    }

    @Test
    void theFirstFailureDecides() {
        assertEquals(ExitCodes.USAGE, ShellRun.of(server.session(), "echo x=1 x=2\nno-such-command\n").exitCode());
    }

    @Test
    void aTimeoutExitsFour() {
        server.simulator().addHandler("hang", request -> QmpReply.later(new CompletableFuture<>()));
        ShellRun shell = ShellRun.of(server.session(), "hang\nquery-status\n",
                ShellOptions.of(Duration.ofMillis(300)));
        assertEquals(ExitCodes.TIMEOUT, shell.exitCode());
        assertTrue(shell.err().startsWith("qmp: command hang got no reply within 0.3 s"), shell.err());
    }

    @Test
    void quitAfterAFailureStillReportsIt() {
        assertEquals(ExitCodes.QMP_ERROR, ShellRun.of(server.session(), "no-such-command\nquit\n").exitCode());
        assertTrue(server.simulator().hasQuit());
    }
}
