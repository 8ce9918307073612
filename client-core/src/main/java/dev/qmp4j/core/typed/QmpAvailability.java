package dev.qmp4j.core.typed;

import dev.qmp4j.core.QmpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which of the QEMU versions qmp4j's vocabulary was generated from have a command, event, member,
 * enumeration value or union case. Versions are compared by major and minor number: a thing that
 * one capture of a release has (say upstream 7.2.0, built with every feature) counts for that
 * release.
 *
 * @param present the captured versions that have it, oldest first
 * @param captured every captured version, oldest first
 */
public record QmpAvailability(List<QmpVersion> present, List<QmpVersion> captured) {
    /**
     * Creates the value, copying the lists.
     *
     * @param present the captured versions that have it, oldest first
     * @param captured every captured version, oldest first
     * @throws IllegalArgumentException when a present version was not captured
     */
    public QmpAvailability {
        present = List.copyOf(present);
        captured = List.copyOf(captured);
        if (!captured.containsAll(present)) {
            throw new IllegalArgumentException("present " + present + " but captured only " + captured);
        }
    }

    /**
     * Whether every captured release has it.
     *
     * @return true when no captured release lacks it
     */
    public boolean inEveryRelease() {
        return presentReleases().equals(releases(captured));
    }

    /**
     * Whether the newest captured release has it; when not, QEMU removed it.
     *
     * @return true when the newest release has it
     */
    public boolean inNewestRelease() {
        List<String> releases = releases(captured);
        return presentReleases().contains(releases.get(releases.size() - 1));
    }

    /**
     * Whether a server of this version probably has it: it lies between the first and the last
     * captured release that has it, or after the newest captured release when that has it.
     * A server's {@code query-qmp-schema} is the authority; this is a guess from the version alone.
     *
     * @param version a server's QEMU version
     * @return the guess
     */
    public boolean expectedIn(QmpVersion version) {
        List<String> releases = presentReleases();
        if (releases.isEmpty()) {
            return false;
        }
        QmpVersion first = parse(releases.get(0));
        QmpVersion last = parse(releases.get(releases.size() - 1));
        QmpVersion release = new QmpVersion(version.major(), version.minor(), 0);
        return release.compareTo(first) >= 0 && (inNewestRelease() || release.compareTo(last) <= 0);
    }

    /**
     * The releases in words: {@code QEMU 6.2 and later}, {@code since QEMU 9.2},
     * {@code QEMU 6.2 to 8.2}, or a list such as {@code QEMU 6.2, 7.2 and 10.0}.
     *
     * @return the description
     */
    public String description() {
        List<String> all = releases(captured);
        List<String> has = presentReleases();
        if (has.isEmpty()) {
            return "no captured QEMU";
        }
        int first = all.indexOf(has.get(0));
        int last = all.indexOf(has.get(has.size() - 1));
        boolean contiguous = last - first + 1 == has.size();
        if (contiguous && first == 0 && last == all.size() - 1) {
            return "QEMU " + has.get(0) + " and later";
        }
        if (contiguous && last == all.size() - 1) {
            return "since QEMU " + has.get(0);
        }
        if (contiguous && has.size() > 1) {
            return "QEMU " + has.get(0) + " to " + has.get(has.size() - 1);
        }
        if (has.size() == 1) {
            return "QEMU " + has.get(0) + " only";
        }
        return "QEMU " + String.join(", ", has.subList(0, has.size() - 1)) + " and " + has.get(has.size() - 1);
    }

    private List<String> presentReleases() {
        return releases(present);
    }

    private static List<String> releases(List<QmpVersion> versions) {
        TreeSet<QmpVersion> releases = new TreeSet<>();
        for (QmpVersion v : versions) {
            releases.add(new QmpVersion(v.major(), v.minor(), 0));
        }
        List<String> names = new ArrayList<>();
        for (QmpVersion v : releases) {
            names.add(v.major() + "." + v.minor());
        }
        return names;
    }

    private static QmpVersion parse(String release) {
        String[] parts = release.split("\\.");
        return new QmpVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 0);
    }

    /**
     * Parses a version such as {@code 7.2.22}.
     *
     * @param text {@code major.minor.micro}
     * @return the version
     * @throws IllegalArgumentException when the text is not such a version
     */
    public static QmpVersion version(String text) {
        String[] parts = Objects.requireNonNull(text, "text").split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a version major.minor.micro: " + text);
        }
        try {
            return new QmpVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a version major.minor.micro: " + text, e);
        }
    }
}
