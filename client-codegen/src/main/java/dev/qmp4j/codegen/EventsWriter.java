package dev.qmp4j.codegen;

import dev.qmp4j.codegen.Schema.Event;

/** Writes {@code QmpEvents}: every known event's typed descriptor, and decoding by name. */
final class EventsWriter {
    private final Naming naming;
    private final Generator.Context context;

    EventsWriter(Naming naming, Generator.Context context) {
        this.naming = naming;
        this.context = context;
    }

    String write() {
        JavaFile out = context.typesFile();
        out.javadoc("The events of QEMU " + naming.schema().versionList() + " by name, to decode any of them",
                "into its data class ({@code SHUTDOWN} into {@code ShutdownEvent}). Events this version does not",
                "know stay generic {@code QmpEvent}s.");
        out.open("public final class QmpEvents {");
        out.line("private static final Map<String, QmpEventType<?>> TYPES = types();");
        out.line("");
        out.open("private QmpEvents() {");
        out.close("}");
        out.line("");
        out.javadoc("Decodes an event into its data record.", "", "@param event any event",
                "@return the record, such as a {@code ShutdownEvent}; empty for an event this version does",
                "    not know",
                "@throws dev.qmp4j.core.QmpProtocolException when a known event's data has a member of the wrong",
                "    JSON kind");
        out.open("public static Optional<Object> decode(QmpEvent event) {");
        out.line("QmpEventType<?> type = TYPES.get(event.name());");
        out.line("return type == null ? Optional.empty() : Optional.of(type.decode(event));");
        out.close("}");
        out.line("");
        out.javadoc("Decodes an event of a server of the given version into its data class.", "",
                "@param event any event",
                "@param serverVersion the server's QEMU version, named when a member it left out is read; or null",
                "@return the data, such as a {@code ShutdownEvent}; empty for an event this version does not know",
                "@throws dev.qmp4j.core.QmpProtocolException when a known event's data has a member of the wrong",
                "    JSON kind");
        out.open("public static Optional<Object> decode(QmpEvent event, QmpVersion serverVersion) {");
        out.line("QmpEventType<?> type = TYPES.get(event.name());");
        out.line("return type == null ? Optional.empty() : Optional.of(type.decode(event, serverVersion));");
        out.close("}");
        out.line("");
        out.javadoc("The typed descriptor of an event.", "", "@param name the event name, such as {@code SHUTDOWN}",
                "@return its descriptor, such as {@code ShutdownEvent.TYPE}; empty for an unknown event");
        out.open("public static Optional<QmpEventType<?>> type(String name) {");
        out.line("return Optional.ofNullable(TYPES.get(name));");
        out.close("}");
        out.line("");
        out.javadoc("The names of the known events.", "", "@return the names, sorted");
        out.open("public static Set<String> names() {");
        out.line("return TYPES.keySet();");
        out.close("}");
        out.line("");
        boolean deprecated = naming.schema().events().stream()
                .anyMatch(e -> e.deprecated() || Versions.removed(e.versions(), naming.schema()));
        if (deprecated) {
            out.line("@SuppressWarnings(\"deprecation\")");
        }
        out.open("private static Map<String, QmpEventType<?>> types() {");
        out.line("Map<String, QmpEventType<?>> types = new LinkedHashMap<>();");
        for (Event e : naming.schema().events()) {
            out.line("types.put(\"" + e.name() + "\", " + naming.javaName(naming.eventTypes().get(e.name()))
                    + ".TYPE);");
        }
        out.line("return Collections.unmodifiableMap(types);");
        out.close("}");
        out.close("}");
        return out.text();
    }
}
