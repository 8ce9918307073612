package dev.qmp4j.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.testkit.QmpCommandHandler;
import dev.qmp4j.testkit.QmpReply;
import dev.qmp4j.testkit.QmpRequest;
import dev.qmp4j.testkit.ReceivedCommand;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a command message and picks what answers it, with the texts of QEMU 7.2's
 * monitor/qmp.c and qapi/qmp-dispatch.c.
 */
final class CommandDispatch {
    static final String GENERIC = "GenericError";
    static final String NOT_FOUND = "CommandNotFound";

    private CommandDispatch() {
    }

    static QmpReply dispatch(SimulatorSession session, JsonObject message, Optional<ReceivedCommand> command) {
        Optional<String> problem = checkMembers(message, session.oobEnabled());
        if (problem.isPresent()) {
            return QmpReply.error(GENERIC, problem.get());
        }
        ReceivedCommand received = command.orElseThrow(); // a message that passed the checks was recorded
        String name = received.name();
        BuiltinCommands builtins = session.server().builtins();
        if (!session.inCommandMode()) {
            // Only qmp_capabilities exists in this mode; QEMU rewrites CommandNotFound's text.
            if (!name.equals("qmp_capabilities")) {
                return QmpReply.error(NOT_FOUND, "Expecting capabilities negotiation with 'qmp_capabilities'");
            }
            return builtins.negotiate(session, received.arguments());
        }
        QmpCommandHandler handler = session.server().handlers().get(name);
        if (handler == null && !builtins.has(name)) {
            return QmpReply.error(NOT_FOUND, "The command " + name + " has not been found");
        }
        if (received.outOfBand() && !session.server().oobCommands().contains(name)) {
            return QmpReply.error(GENERIC, "The command " + name + " does not support OOB");
        }
        if (handler == null || name.equals("qmp_capabilities")) {
            return builtins.run(session, name, received.arguments());
        }
        try {
            QmpReply reply = handler.handle(new QmpRequest(received, session));
            return reply == null ? QmpReply.error(GENERIC, "handler for " + name + " returned null") : reply;
        } catch (RuntimeException e) {
            return QmpReply.error(GENERIC, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** qmp_dispatch_check_obj(): which top-level members a command message may have. */
    private static Optional<String> checkMembers(JsonObject message, boolean allowOob) {
        boolean hasExec = false;
        for (Map.Entry<String, JsonElement> member : message.entrySet()) {
            String key = member.getKey();
            JsonElement value = member.getValue();
            if (key.equals("execute") || (key.equals("exec-oob") && allowOob)) {
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                    return Optional.of("QMP input member '" + key + "' must be a string");
                }
                if (hasExec) {
                    return Optional.of("QMP input member 'execute' clashes with 'exec-oob'");
                }
                hasExec = true;
            } else if (key.equals("arguments")) {
                if (!value.isJsonObject()) {
                    return Optional.of("QMP input member 'arguments' must be an object");
                }
            } else if (!key.equals("id")) {
                return Optional.of("QMP input member '" + key + "' is unexpected");
            }
        }
        return hasExec ? Optional.empty() : Optional.of("QMP input lacks member 'execute'");
    }
}
