package dev.qmp4j.codegen;

import dev.qmp4j.codegen.JavaTypes.Ref;
import dev.qmp4j.codegen.Schema.ArrayType;
import dev.qmp4j.codegen.Schema.Command;
import dev.qmp4j.codegen.Schema.Event;
import java.util.List;

/**
 * Writes {@code QmpVocabulary}: every command and event by name, with its Java types, decoders and
 * the captured versions that have it; the generated classes ask it for their members' versions.
 */
final class VocabularyWriter {
    private final Naming naming;
    private final JavaTypes types;
    private final Generator.Context context;

    VocabularyWriter(Naming naming, JavaTypes types, Generator.Context context) {
        this.naming = naming;
        this.types = types;
        this.context = context;
    }

    /** The bit mask of the captured versions in a list: bit i for the i-th captured version. */
    static String mask(List<String> present, Schema schema) {
        int mask = 0;
        for (String v : present) {
            mask |= 1 << schema.versions().indexOf(v);
        }
        return "0b" + Integer.toBinaryString(mask);
    }

    String write() {
        Schema schema = naming.schema();
        JavaFile out = context.typesFile();
        out.javadoc("The typed vocabulary by name: for every command of QEMU " + schema.versionList() + ",",
                "its argument and result types and a decoder of its {@code return} value; for every event, its",
                "data type and decoder; and which of those versions have each. Use it to decode recorded",
                "replies and transcripts:",
                "<pre>{@code",
                "QmpCommandInfo<?, ?> info = QmpVocabulary.command(\"query-status\").orElseThrow();",
                "Object status = info.decodeResult(recordedReturnValue, new QmpVersion(9, 2, 0)); // a StatusInfo",
                "}</pre>");
        out.open("public final class QmpVocabulary {");
        out.line("private static final List<QmpVersion> CAPTURED = List.of(");
        List<String> versions = schema.versions();
        for (int i = 0; i < versions.size(); i++) {
            String[] p = versions.get(i).split("\\.");
            out.line("        new QmpVersion(" + p[0] + ", " + p[1] + ", " + p[2] + ")"
                    + (i == versions.size() - 1 ? ");" : ","));
        }
        out.line("private static final Map<String, QmpCommandInfo<?, ?>> COMMANDS = commands();");
        out.line("private static final Map<String, QmpAvailability> EVENTS = events();");
        out.line("");
        out.open("private QmpVocabulary() {");
        out.close("}");
        out.line("");
        out.javadoc("The QEMU versions the vocabulary was generated from.", "", "@return the versions, oldest first");
        out.open("public static List<QmpVersion> capturedVersions() {");
        out.line("return CAPTURED;");
        out.close("}");
        out.line("");
        out.javadoc("A command by name.", "", "@param name the command name, such as {@code query-status}",
                "@return its types, decoder and availability; empty for a command no captured version has");
        out.open("public static Optional<QmpCommandInfo<?, ?>> command(String name) {");
        out.line("return Optional.ofNullable(COMMANDS.get(name));");
        out.close("}");
        out.line("");
        out.javadoc("An event by name.", "", "@param name the event name, such as {@code SHUTDOWN}",
                "@return its type and decoder; empty for an event no captured version has");
        out.open("public static Optional<QmpEventType<?>> event(String name) {");
        out.line("return QmpEvents.type(name);");
        out.close("}");
        out.line("");
        out.javadoc("The captured versions that have an event.", "", "@param name the event name",
                "@return the availability; empty for an event no captured version has");
        out.open("public static Optional<QmpAvailability> eventAvailability(String name) {");
        out.line("return Optional.ofNullable(EVENTS.get(name));");
        out.close("}");
        out.line("");
        out.javadoc("The names of every command.", "", "@return the names, sorted");
        out.open("public static Set<String> commandNames() {");
        out.line("return COMMANDS.keySet();");
        out.close("}");
        out.line("");
        out.javadoc("The names of every event.", "", "@return the names, sorted");
        out.open("public static Set<String> eventNames() {");
        out.line("return EVENTS.keySet();");
        out.close("}");
        out.line("");
        out.line("/** The availability of a bit mask of captured versions (bit i: the i-th); for the generated classes. */");
        out.open("static QmpAvailability versions(int mask) {");
        out.line("List<QmpVersion> present = new ArrayList<>();");
        out.open("for (int i = 0; i < CAPTURED.size(); i++) {");
        out.open("if ((mask & (1 << i)) != 0) {");
        out.line("present.add(CAPTURED.get(i));");
        out.close("}");
        out.close("}");
        out.line("return new QmpAvailability(present, CAPTURED);");
        out.close("}");
        out.line("");
        boolean deprecated = schema.commands().stream().anyMatch(c -> c.deprecated()
                || Versions.removed(c.versions(), schema)) || schema.events().stream().anyMatch(e -> e.deprecated()
                || Versions.removed(e.versions(), schema));
        if (deprecated) {
            out.line("@SuppressWarnings(\"deprecation\")");
        }
        out.open("private static Map<String, QmpCommandInfo<?, ?>> commands() {");
        out.line("Map<String, QmpCommandInfo<?, ?>> commands = new LinkedHashMap<>();");
        for (Command c : schema.commands()) {
            String arguments = schema.isEmptyObject(c.argType()) ? "Void" : naming.javaName(c.argType());
            String info;
            if (schema.isEmptyObject(c.retType())) {
                info = "new QmpCommandInfo<" + arguments + ", Void>(\"" + c.name() + "\", " + arguments
                        + ".class, Void.class, false, TypedJson::none, result -> new JsonObject(), "
                        + "versions(" + mask(c.versions(), schema) + "))";
            } else {
                Ref result = types.ref(c.retType());
                boolean list = schema.type(c.retType()) instanceof ArrayType;
                String element = list ? types.ref(((ArrayType) schema.type(c.retType())).elementType()).boxed()
                        : result.boxed();
                info = "new QmpCommandInfo<" + arguments + ", " + result.boxed() + ">(\"" + c.name() + "\", "
                        + arguments + ".class, " + element + ".class, " + list
                        + ", " + result.decoder() + ", " + result.encoder() + ", versions("
                        + mask(c.versions(), schema) + "))";
            }
            out.line("commands.put(\"" + c.name() + "\", " + info + ");");
        }
        out.line("return Collections.unmodifiableMap(commands);");
        out.close("}");
        out.line("");
        out.open("private static Map<String, QmpAvailability> events() {");
        out.line("Map<String, QmpAvailability> events = new LinkedHashMap<>();");
        for (Event e : schema.events()) {
            out.line("events.put(\"" + e.name() + "\", versions(" + mask(e.versions(), schema) + "));");
        }
        out.line("return Collections.unmodifiableMap(events);");
        out.close("}");
        out.close("}");
        return out.text();
    }
}
