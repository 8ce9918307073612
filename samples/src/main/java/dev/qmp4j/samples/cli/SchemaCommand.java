package dev.qmp4j.samples.cli;

import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpGreeting;
import dev.qmp4j.core.schema.QmpSchema;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qmp schema}: what the server offers, from its {@code query-qmp-schema}. Without a name,
 * the commands and events, sorted and grouped; with a name, that command's arguments and result
 * or that event's data, with the masked type numbers shown as readable shapes (see
 * {@link TypeShapes}).
 */
@Command(name = "schema", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"Show what the server offers, from its query-qmp-schema.",
            "Without NAME: every command and event, sorted, in two groups. With NAME: the command's arguments "
                + "and result, or the event's data. Shapes: str, int, bool, number, any, null; {a|b|c} an enum; "
                + "[T] an array; {member: T, optional?: T} an object; a union lists its common members, then "
                + "'when TAG=CASE:' the members each case adds (on one line: '; TAG=CASE {...}', or 'more members by TAG' "
                + "for a union of many cases); A|B an alternate; {...} an object nested too deep to show.",
            "Exit codes: 0 shown, 2 usage or unknown NAME, 3 connection or protocol, 4 timeout."})
final class SchemaCommand implements Callable<Integer> {
    @Mixin
    Endpoint endpoint;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "A command (query-status) or event (SHUTDOWN).")
    String name;

    @Override
    public Integer call() throws Exception {
        try (Connection connection = endpoint.open()) {
            QmpSchema schema = connection.session().schema();
            QmpGreeting greeting = connection.session().greeting();
            PrintWriter out = spec.commandLine().getOut();
            if (name == null) {
                list(out, schema, greeting);
                return ExitCodes.OK;
            }
            List<String> lines = describe(schema, name);
            if (lines.isEmpty()) {
                // Not a QMP error (nothing was asked of the server): the command line named something absent.
                PrintWriter err = spec.commandLine().getErr();
                err.println("qmp: no command or event named " + name + " in QEMU " + greeting.version());
                err.flush();
                return ExitCodes.USAGE;
            }
            lines.forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void list(PrintWriter out, QmpSchema schema, QmpGreeting greeting) {
        out.println("QEMU " + greeting.version() + " (" + greeting.packageName() + "): "
                + schema.commands().size() + " commands, " + schema.events().size() + " events");
        out.println();
        out.println("Commands:");
        schema.commands().forEach(c -> out.println("  " + c));
        out.println();
        out.println("Events:");
        schema.events().forEach(e -> out.println("  " + e));
        out.flush();
    }

    /**
     * The text for a command or event, empty when the schema has neither by that name.
     *
     * @param schema the server's schema
     * @param name a command or event name
     * @return the lines to print
     */
    static List<String> describe(QmpSchema schema, String name) {
        SchemaLines layout = new SchemaLines(new TypeShapes(schema));
        List<String> lines = new ArrayList<>();
        if (schema.hasCommand(name)) {
            JsonObject command = schema.entry(name).orElseThrow();
            boolean oob = command.has("allow-oob") && command.get("allow-oob").getAsBoolean();
            lines.add("command " + name + (oob ? " (allow-oob)" : "") + TypeShapes.features(command));
            lines.addAll(layout.section("arguments", command.get("arg-type").getAsString(), true));
            lines.addAll(layout.section("returns", command.get("ret-type").getAsString(), false));
        }
        if (schema.hasEvent(name)) {
            JsonObject event = schema.entry(name).orElseThrow();
            lines.add("event " + name + TypeShapes.features(event));
            lines.addAll(layout.section("data", event.has("arg-type") ? event.get("arg-type").getAsString() : "", true));
        }
        return lines;
    }
}
