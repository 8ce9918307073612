package dev.qmp4j.codegen;

import dev.qmp4j.core.QmpVersion;
import dev.qmp4j.core.typed.QmpAvailability;
import java.util.List;

/** Availability of a command, event, member, value or case in the captured versions, for Javadoc and data. */
final class Versions {
    private Versions() {
    }

    static QmpAvailability availability(List<String> present, Schema schema) {
        return new QmpAvailability(parse(present), parse(schema.versions()));
    }

    private static List<QmpVersion> parse(List<String> versions) {
        return versions.stream().map(QmpAvailability::version).toList();
    }

    /** A Javadoc sentence such as {@code QEMU 6.2 to 8.2.}, or empty when every captured release has it. */
    static String sentence(List<String> present, Schema schema) {
        String d = phrase(present, schema);
        return d.isEmpty() ? "" : Character.toUpperCase(d.charAt(0)) + d.substring(1) + ".";
    }

    /** A phrase such as {@code since QEMU 9.2}, or empty when every captured release has it. */
    static String phrase(List<String> present, Schema schema) {
        QmpAvailability a = availability(present, schema);
        return a.inEveryRelease() ? "" : a.description();
    }

    /** Whether the newest captured release lacks it: QEMU removed it. */
    static boolean removed(List<String> present, Schema schema) {
        return !availability(present, schema).inNewestRelease();
    }

    /** The {@code @deprecated} text of something QEMU removed. */
    static String removedTag(List<String> present, Schema schema) {
        List<String> all = schema.versions();
        String newest = all.get(all.size() - 1);
        return "@deprecated QEMU " + newest.substring(0, newest.lastIndexOf('.')) + " no longer has it ("
                + availability(present, schema).description() + ")";
    }
}
