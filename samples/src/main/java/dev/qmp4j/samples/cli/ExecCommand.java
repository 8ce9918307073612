package dev.qmp4j.samples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code qmp exec}: runs one command and prints its return value. */
@Command(name = "exec", description = {"Run one QMP command and print its return value as JSON.",
    "ARGS is one JSON object or key=value pairs (values read as JSON when they parse, strings otherwise; "
        + "a dotted key nests: cache.direct=false is {\"cache\":{\"direct\":false}}; a key set twice is an error).",
    "Exit codes: 0 success, 1 QMP error (CLASS: desc on stderr), 2 usage, 3 connection or protocol, 4 timeout."},
        mixinStandardHelpOptions = true, versionProvider = ToolVersion.class)
final class ExecCommand implements Callable<Integer> {
    @Mixin
    Endpoint endpoint;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "The command, such as query-status.")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments: one JSON object or key=value pairs.")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return run(spec.commandLine().getOut());
    }

    /**
     * Runs the command and prints its return value.
     *
     * @param out where the value goes
     * @return the exit code
     * @throws Exception when it fails (mapped to exit codes by the caller)
     */
    int run(PrintWriter out) throws Exception {
        var args = CommandArguments.parse(arguments);
        try (Connection connection = endpoint.open()) {
            JsonElement result = connection.session().execute(command, args, endpoint.timeout());
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(result));
            return ExitCodes.OK;
        }
    }
}
