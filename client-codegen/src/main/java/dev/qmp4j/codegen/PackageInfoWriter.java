package dev.qmp4j.codegen;

/** Writes the {@code package-info.java} of {@code dev.qmp4j.core.types}, which documents the vocabulary. */
final class PackageInfoWriter {
    private PackageInfoWriter() {
    }

    static String write(String header, String qemuVersion, int types, int commands, int events) {
        return header + "\n"
                + "/**\n"
                + " * The typed QMP vocabulary of QEMU " + qemuVersion + ", generated from its {@code query-qmp-schema}: "
                + types + " types,\n"
                + " * " + commands + " commands in {@link dev.qmp4j.core.types.QmpCommands} and " + events
                + " events in\n"
                + " * {@link dev.qmp4j.core.types.QmpEvents}.\n"
                + " *\n"
                + " * <h2>Names</h2>\n"
                + " * QEMU's introspection masks type names (they are not ABI), so Java names come from ABI paths:\n"
                + " * the arguments of a command are {@code <Command>Arguments} ({@code DeviceDelArguments}), its\n"
                + " * result {@code <Command>Result}, or {@code <Command>Item} for the element of an array result;\n"
                + " * the data of an event is {@code <Event>Event} ({@code ShutdownEvent}); the type of a member is\n"
                + " * {@code <Owner><Member>}, of a union case {@code <Owner><Case>}. A naming table maps the paths\n"
                + " * of well-known types to the names QEMU's QAPI sources give them ({@code StatusInfo},\n"
                + " * {@code RunState}, {@code BlockdevOptions}, ...). A type met on several paths is one Java type,\n"
                + " * named by the table or by the first path met (commands sorted by name, then events); a name\n"
                + " * already taken gets a numeric suffix. Each type's Javadoc gives its schema path.\n"
                + " *\n"
                + " * <h2>Values</h2>\n"
                + " * <ul>\n"
                + " *   <li>Objects are records with {@code fromJson}, {@code toJson}, a {@code Builder} and, with one\n"
                + " *       to three required members, an {@code of} factory. Optional members, and members QEMU\n"
                + " *       marks deprecated (hidden by {@code -compat deprecated-output=hide}), are\n"
                + " *       {@code Optional}. Decoding ignores members it does not know.\n"
                + " *   <li>Every integer is a {@link java.math.BigInteger}: introspection shows all integer types\n"
                + " *       as {@code int}, and some are unsigned 64-bit sizes that do not fit a {@code long}.\n"
                + " *       Builders also take {@code long}. {@code number} is {@code double}, {@code bool}\n"
                + " *       {@code boolean}, {@code str} {@code String}, {@code any} a {@code JsonElement} and\n"
                + " *       {@code null} {@code JsonNull}. Arrays are immutable {@code List}s.\n"
                + " *   <li>Enumerations are final classes, not Java enums, so that a value only a newer QEMU sends\n"
                + " *       is kept with its wire name ({@code isKnown()} is false) instead of failing; switch on\n"
                + " *       {@code known()}.\n"
                + " *   <li>Flat unions are records of their base members, tag included, plus a {@code variant}:\n"
                + " *       a sealed {@code Variant} with one record per case, holding the case's own members,\n"
                + " *       and {@code Unknown} for a tag value this version does not know.\n"
                + " *   <li>Alternates are sealed interfaces with one record per branch, chosen by JSON kind.\n"
                + " *   <li>Each event record has a {@code TYPE} ({@link dev.qmp4j.core.typed.QmpEventType}).\n"
                + " * </ul>\n"
                + " * Members and commands QEMU marks deprecated are {@link Deprecated}; unstable ones are\n"
                + " * {@link dev.qmp4j.core.typed.Unstable}.\n"
                + " */\n"
                + "package dev.qmp4j.core.types;\n";
    }
}
