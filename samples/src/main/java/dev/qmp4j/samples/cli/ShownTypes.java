package dev.qmp4j.samples.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The types one {@code qmp schema} answer has already shown in full, each with the label that
 * refers to it from then on: the member path where it was shown ({@code driver},
 * {@code inject-error.event}) or a section's title ({@code arguments}). A label belongs to one
 * type: when another type had that path first, the label also names the union case it was shown
 * under ({@code encrypt when driver=rbd}); when that is taken too, the type gets no label and is
 * shown in full again where it recurs.
 */
final class ShownTypes {
    /**
     * Where in an answer a type is shown.
     *
     * @param path the member path from the section, such as {@code inject-error.event}, or the
     *     section's title for its own type
     * @param when the innermost union case it is under, such as {@code driver=rbd}, or empty text
     */
    record Place(String path, String when) {
        /** Where a section's members are: their paths are their names. */
        static final Place TOP = new Place("", "");

        /** The place of a section's own type. */
        static Place section(String title) {
            return new Place(title, "");
        }

        /** The place of a member of the object at this place. */
        Place member(String name) {
            return new Place(path.isEmpty() ? name : path + "." + name, when);
        }

        /** The same place, under a union case. */
        Place under(String cases) {
            return new Place(path, cases);
        }
    }

    private final Map<String, String> labels;
    private final Set<String> used;

    ShownTypes() {
        this(new HashMap<>(), new HashSet<>());
    }

    private ShownTypes(Map<String, String> labels, Set<String> used) {
        this.labels = labels;
        this.used = used;
    }

    /** The label of a type shown before, if it was. */
    Optional<String> label(String type) {
        return Optional.ofNullable(labels.get(type));
    }

    /** Records that a type is shown in full at a place, labelled by the first label of the place not yet taken. */
    void show(String type, Place place) {
        if (labels.containsKey(type)) {
            return;
        }
        for (String label : place.when().isEmpty() ? List.of(place.path())
                : List.of(place.path(), place.path() + " when " + place.when())) {
            if (used.add(label)) {
                labels.put(type, label);
                return;
            }
        }
    }

    /** A copy to try a rendering on; {@link #adopt} keeps it. */
    ShownTypes copy() {
        return new ShownTypes(new HashMap<>(labels), new HashSet<>(used));
    }

    /** Takes what a copy recorded, once its rendering was printed. */
    void adopt(ShownTypes copy) {
        labels.putAll(copy.labels);
        used.addAll(copy.used);
    }
}
