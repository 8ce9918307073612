package dev.qmp4j.samples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.qmp4j.core.QmpEvent;

/** An event as one line of compact JSON, as QMP sends it: {@code event}, {@code data} when non-empty, {@code timestamp}. */
public final class EventJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private EventJson() {
    }

    /**
     * The event's JSON on one line.
     *
     * @param event the event
     * @return for example {@code {"event":"STOP","timestamp":{"seconds":1700000000,"microseconds":12}}}
     */
    public static String line(QmpEvent event) {
        JsonObject json = new JsonObject();
        json.addProperty("event", event.name());
        JsonObject data = event.data();
        if (data.size() > 0) {
            json.add("data", data);
        }
        JsonObject timestamp = new JsonObject();
        timestamp.addProperty("seconds", event.timestamp().seconds());
        timestamp.addProperty("microseconds", event.timestamp().microseconds());
        json.add("timestamp", timestamp);
        return GSON.toJson(json);
    }
}
