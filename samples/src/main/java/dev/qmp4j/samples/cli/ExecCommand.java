package dev.qmp4j.samples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpFileDescriptors;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code qmp exec}: runs one command and prints its return value. */
@Command(name = "exec", description = {"Run one QMP command and print its return value as JSON.",
    "ARGS is one JSON object or key=value pairs (values read as JSON when they parse, strings otherwise; "
        + "a dotted key nests: cache.direct=false is {\"cache\":{\"direct\":false}}; a key set twice is an error).",
    "With --fd FILE (repeatable) it opens each FILE and sends the descriptors with the command, as getfd and "
        + "add-fd take them: qmp exec --socket PATH --fd disk.img add-fd opaque=disk. UNIX sockets only.",
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

    @Option(names = "--fd", paramLabel = "FILE", description = {"Open FILE (read-write when it may be written, else "
        + "read-only) and send its descriptor with the command (SCM_RIGHTS). Repeatable: the descriptors go in order."})
    List<Path> files = new ArrayList<>();

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
        List<RandomAccessFile> opened = open(files);
        try (Connection connection = endpoint.open(false, !opened.isEmpty())) {
            JsonElement result = opened.isEmpty() ? connection.session().execute(command, args, endpoint.timeout())
                    : executeWithFiles(connection, args, opened);
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(result));
            return ExitCodes.OK;
        } finally {
            for (RandomAccessFile file : opened) {
                file.close();
            }
        }
    }

    private JsonElement executeWithFiles(Connection connection, JsonObject args, List<RandomAccessFile> opened)
            throws IOException {
        List<FileDescriptor> descriptors = new ArrayList<>();
        for (RandomAccessFile file : opened) {
            descriptors.add(file.getFD());
        }
        return connection.session().executeWithFileDescriptors(command, args, QmpFileDescriptors.of(descriptors),
                endpoint.timeout());
    }

    /** Opens every file before anything is sent, so that a file that cannot be opened is a usage error. */
    private static List<RandomAccessFile> open(List<Path> files) throws IOException {
        List<RandomAccessFile> opened = new ArrayList<>();
        try {
            for (Path file : files) {
                if (!Files.isRegularFile(file) && !Files.exists(file)) {
                    throw new IllegalArgumentException("--fd " + file + ": no such file");
                }
                try {
                    opened.add(new RandomAccessFile(file.toFile(), Files.isWritable(file) ? "rw" : "r"));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--fd " + file + ": cannot open it: " + e.getMessage(), e);
                }
            }
            return opened;
        } catch (RuntimeException e) {
            for (RandomAccessFile file : opened) {
                file.close();
            }
            throw e;
        }
    }
}
