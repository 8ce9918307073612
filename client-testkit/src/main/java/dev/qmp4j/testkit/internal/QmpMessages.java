package dev.qmp4j.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.testkit.QmpSimulatorOptions;
import dev.qmp4j.testkit.SimulatedEvent;
import java.time.Instant;
import java.util.Optional;

/** Builds the server's messages with QEMU's member order (QEMU's dicts keep no order, but 7.2 prints these so). */
final class QmpMessages {
    private QmpMessages() {
    }

    static JsonObject version(QmpSimulatorOptions options) {
        JsonObject qemu = new JsonObject();
        qemu.addProperty("micro", options.micro());
        qemu.addProperty("minor", options.minor());
        qemu.addProperty("major", options.major());
        JsonObject version = new JsonObject();
        version.add("qemu", qemu);
        version.addProperty("package", options.packageName());
        return version;
    }

    static JsonObject greeting(QmpSimulatorOptions options) {
        JsonObject qmp = new JsonObject();
        qmp.add("version", version(options));
        JsonArray capabilities = new JsonArray();
        options.offeredCapabilities().forEach(capabilities::add);
        qmp.add("capabilities", capabilities);
        JsonObject greeting = new JsonObject();
        greeting.add("QMP", qmp);
        return greeting;
    }

    static JsonObject event(SimulatedEvent event, Instant now) {
        JsonObject timestamp = new JsonObject();
        timestamp.addProperty("seconds", now.getEpochSecond());
        timestamp.addProperty("microseconds", now.getNano() / 1000);
        JsonObject message = new JsonObject();
        message.add("timestamp", timestamp);
        message.addProperty("event", event.name());
        JsonObject data = event.data();
        if (data.size() > 0) {
            message.add("data", data);
        }
        return message;
    }

    static JsonObject success(JsonElement value, Optional<JsonElement> id) {
        JsonObject message = new JsonObject();
        message.add("return", value);
        id.ifPresent(i -> message.add("id", i));
        return message;
    }

    static JsonObject error(String errorClass, String desc, Optional<JsonElement> id) {
        JsonObject error = new JsonObject();
        error.addProperty("class", errorClass);
        error.addProperty("desc", desc);
        JsonObject message = new JsonObject();
        id.ifPresent(i -> message.add("id", i)); // QEMU 7.2 puts the id first in errors
        message.add("error", error);
        return message;
    }
}
