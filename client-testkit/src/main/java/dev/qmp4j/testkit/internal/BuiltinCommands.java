package dev.qmp4j.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import dev.qmp4j.testkit.SimulatedEvent;
import dev.qmp4j.testkit.SimulatedRunState;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The commands the simulator knows without handlers, answering as QEMU 7.2 does. */
final class BuiltinCommands {
    private static final Set<String> NAMES = Set.of("qmp_capabilities", "query-status", "stop", "cont",
            "system_reset", "system_powerdown", "quit", "query-version", "query-name", "query-commands",
            "query-yank", "yank", "query-qmp-schema");
    /** The built-in commands that take arguments. */
    private static final Set<String> TAKE_ARGUMENTS = Set.of("qmp_capabilities", "yank");
    /** The events the built-in commands emit. */
    private static final Set<String> EVENTS = Set.of("POWERDOWN", "RESET", "RESUME", "SHUTDOWN", "STOP");
    /** Values of QEMU 7.2's QMPCapability enum. */
    private static final Set<String> KNOWN_CAPABILITIES = Set.of("oob");

    private final SimulatorServer server;
    private final QmpSimulatorOptions options;

    BuiltinCommands(SimulatorServer server) {
        this.server = server;
        this.options = server.options();
    }

    boolean has(String name) {
        return NAMES.contains(name);
    }

    QmpReply negotiate(SimulatorSession session, JsonObject arguments) {
        Optional<QmpReply> invalid = capabilityArguments(arguments);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        if (options.negotiationFailure().isPresent()) {
            return options.negotiationFailure().get();
        }
        Set<String> enable = new LinkedHashSet<>();
        if (arguments.has("enable")) {
            arguments.getAsJsonArray("enable").forEach(e -> enable.add(e.getAsString()));
        }
        for (String capability : enable) {
            if (!options.offeredCapabilities().contains(capability)) {
                return QmpReply.error(CommandDispatch.GENERIC, "Capability " + capability + " not available");
            }
        }
        session.enterCommandMode(enable);
        options.eventDuringNegotiation().ifPresent(session::writeEvent);
        return QmpReply.success();
    }

    private Optional<QmpReply> capabilityArguments(JsonObject arguments) {
        for (Map.Entry<String, JsonElement> member : arguments.entrySet()) {
            if (!member.getKey().equals("enable")) {
                return Optional.of(unexpected(member.getKey()));
            }
            if (!member.getValue().isJsonArray()) {
                return Optional.of(QmpReply.error(CommandDispatch.GENERIC,
                        "Invalid parameter type for 'enable', expected: array"));
            }
            for (JsonElement element : member.getValue().getAsJsonArray()) {
                boolean isString = element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
                if (!isString) {
                    return Optional.of(QmpReply.error(CommandDispatch.GENERIC,
                            "Invalid parameter type for 'null', expected: string"));
                }
                String value = element.getAsString();
                if (!KNOWN_CAPABILITIES.contains(value) && !options.offeredCapabilities().contains(value)) {
                    // QEMU 7.2's enum visitor names the list element 'null'.
                    return Optional.of(QmpReply.error(CommandDispatch.GENERIC,
                            "Parameter 'null' does not accept value '" + value + "'"));
                }
            }
        }
        return Optional.empty();
    }

    QmpReply run(SimulatorSession session, String name, JsonObject arguments) {
        if (name.equals("qmp_capabilities")) {
            return capabilityArguments(arguments).orElseGet(() -> QmpReply.error(CommandDispatch.NOT_FOUND,
                    "Capabilities negotiation is already complete, command ignored"));
        }
        if (name.equals("yank")) {
            return QmpReply.success(); // nothing to yank in a simulator
        }
        if (arguments.size() > 0) {
            return unexpected(arguments.keySet().iterator().next());
        }
        return switch (name) {
            case "query-status" -> QmpReply.success(status());
            case "stop" -> stop();
            case "cont" -> cont();
            case "system_reset" -> reset();
            case "system_powerdown" -> {
                server.broadcast(SimulatedEvent.of("POWERDOWN"));
                yield QmpReply.success();
            }
            case "quit" -> quit();
            case "query-version" -> QmpReply.success(QmpMessages.version(options));
            case "query-name" -> QmpReply.success(name());
            case "query-commands" -> QmpReply.success(commands());
            case "query-qmp-schema" -> QmpReply.success(schema());
            case "query-yank" -> QmpReply.success(new JsonArray());
            default -> throw new IllegalStateException("unknown built-in " + name);
        };
    }

    private JsonObject status() {
        SimulatedRunState state = server.runState();
        JsonObject status = new JsonObject();
        status.addProperty("status", state.qmpName());
        status.addProperty("singlestep", false);
        status.addProperty("running", state == SimulatedRunState.RUNNING);
        return status;
    }

    private QmpReply stop() {
        // Only a running VM stops (and says so); in prelaunch QEMU just clears autostart.
        if (server.runState() == SimulatedRunState.RUNNING) {
            server.setRunState(SimulatedRunState.PAUSED);
            server.broadcast(SimulatedEvent.of("STOP"));
        }
        return QmpReply.success();
    }

    private QmpReply cont() {
        if (server.runState() != SimulatedRunState.RUNNING) {
            server.setRunState(SimulatedRunState.RUNNING);
            server.broadcast(SimulatedEvent.of("RESUME"));
        }
        return QmpReply.success();
    }

    private QmpReply reset() {
        JsonObject data = new JsonObject();
        data.addProperty("guest", false);
        data.addProperty("reason", "host-qmp-system-reset");
        server.broadcast(SimulatedEvent.of("RESET", data));
        if (server.runState() != SimulatedRunState.RUNNING) {
            server.setRunState(SimulatedRunState.PRELAUNCH); // what QEMU's main loop does after a reset
        }
        return QmpReply.success();
    }

    private QmpReply quit() {
        JsonObject data = new JsonObject();
        data.addProperty("guest", false);
        data.addProperty("reason", "host-qmp-quit");
        server.broadcast(SimulatedEvent.of("SHUTDOWN", data));
        server.quit();
        if (options.quitWithoutReply()) {
            server.closeAllAfterFlush();
            return QmpReply.none();
        }
        return QmpReply.success(); // sessions close once this reply is written
    }

    private JsonObject name() {
        JsonObject name = new JsonObject();
        options.vmName().ifPresent(n -> name.addProperty("name", n));
        return name;
    }

    private JsonArray commands() {
        Set<String> names = new TreeSet<>(NAMES);
        names.addAll(server.handlers().keySet());
        JsonArray list = new JsonArray();
        for (String n : names) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", n);
            list.add(entry);
        }
        return list;
    }

    /**
     * A schema in QEMU's shape listing every command the simulator answers (built in or added)
     * and the events it emits; return types are left open. The built-ins without arguments take
     * the empty object, as in QEMU; the others, and commands answered by handlers, whose arguments
     * the simulator cannot know, take {@code any}, so that a client checking arguments against the
     * schema (qmp4j's typed calls) lets the handler judge them.
     */
    private JsonArray schema() {
        Set<String> names = new TreeSet<>(NAMES);
        names.addAll(server.handlers().keySet());
        JsonArray schema = new JsonArray();
        for (String n : names) {
            JsonObject command = entry(n, "command");
            boolean noArguments = NAMES.contains(n) && !TAKE_ARGUMENTS.contains(n) && !server.handlers().containsKey(n);
            command.addProperty("arg-type", noArguments ? "0" : "any");
            command.addProperty("ret-type", "any");
            schema.add(command);
        }
        for (String e : new TreeSet<>(EVENTS)) {
            JsonObject event = entry(e, "event");
            event.addProperty("arg-type", "0");
            schema.add(event);
        }
        JsonObject empty = entry("0", "object");
        empty.add("members", new JsonArray());
        schema.add(empty);
        JsonObject any = entry("any", "builtin");
        any.addProperty("json-type", "value");
        schema.add(any);
        return schema;
    }

    private static JsonObject entry(String name, String metaType) {
        JsonObject entry = new JsonObject();
        entry.addProperty("name", name);
        entry.addProperty("meta-type", metaType);
        return entry;
    }

    private static QmpReply unexpected(String argument) {
        return QmpReply.error(CommandDispatch.GENERIC, "Parameter '" + argument + "' is unexpected");
    }
}
