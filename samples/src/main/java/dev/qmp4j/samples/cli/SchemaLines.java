package dev.qmp4j.samples.cli;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lays out the sections of a {@code qmp schema NAME} answer ({@code arguments}, {@code returns},
 * {@code data}) in lines of at most {@value #WIDTH} characters: one member a line, with the
 * members each union case adds under {@code when TAG=CASE:}. A member whose shape does not fit
 * on its line is opened up when it is an object (its members follow on lines of their own, under
 * {@code NAME:}, {@code NAME: an array of:} or {@code NAME: A, or an object:}), and wrapped
 * after a {@code |} or {@code ,} otherwise. Each enum and object is shown in full once per
 * answer; after that it is {@code <label>} (see {@link TypeShapes}).
 */
public final class SchemaLines {
    /** The most characters a line has. */
    public static final int WIDTH = 100;

    private final TypeShapes shapes;
    private final ShownTypes shown = new ShownTypes();

    /**
     * A layout for one answer: types shown in one section are referred to in the next.
     *
     * @param shapes the shapes of the server's schema
     */
    public SchemaLines(TypeShapes shapes) {
        this.shapes = shapes;
    }

    /**
     * A section: {@code TITLE: none}, {@code TITLE:} with the members of an object,
     * {@code TITLE: an array of:} with those of an array's objects, or {@code TITLE: SHAPE}.
     *
     * @param title such as {@code arguments}; it also labels the section's own type
     * @param type the section's (masked) type, or empty text for none
     * @param noneWhenEmpty whether an object without members reads {@code none} (arguments, data)
     *     rather than <code>{}</code> (a result)
     * @return the lines, indented by two spaces
     */
    public List<String> section(String title, String type, boolean noneWhenEmpty) {
        List<String> lines = new ArrayList<>();
        String indent = "  ";
        if (type.isEmpty() || noneWhenEmpty && shapes.isEmptyObject(type)) {
            lines.add(indent + title + ": none");
        } else if (shapes.isObjectWithMembers(type)) {
            shown.show(type, ShownTypes.Place.section(title));
            lines.add(indent + title + ":");
            object(lines, type, indent + "  ", ShownTypes.Place.TOP);
        } else if (shapes.elementType(type).filter(shapes::isObjectWithMembers).isPresent()) {
            String element = shapes.elementType(type).orElseThrow();
            shown.show(element, ShownTypes.Place.section(title));
            lines.add(indent + title + ": an array of:");
            object(lines, element, indent + "  ", ShownTypes.Place.TOP);
        } else {
            ShownTypes attempt = shown.copy();
            lines.addAll(LineWrap.wrap(indent + title + ": " + shapes.inline(type, ShownTypes.Place.section(title), attempt), WIDTH, indent + "    "));
            shown.adopt(attempt);
        }
        return lines;
    }

    /** An object's members, one a line, then what each union case adds. */
    private void object(List<String> lines, String type, String indent, ShownTypes.Place place) {
        for (JsonObject member : shapes.members(type)) {
            member(lines, member, indent, place.member(TypeShapes.string(member, "name")));
        }
        for (Map.Entry<String, List<String>> variant : shapes.variants(type).entrySet()) {
            String cases = shapes.tag(type) + "=" + String.join("|", variant.getValue());
            boolean adds = !shapes.members(variant.getKey()).isEmpty();
            lines.addAll(LineWrap.wrap(indent + "when " + cases + (adds ? ":" : ": nothing more"), WIDTH,
                    indent + "     "));
            if (adds) {
                object(lines, variant.getKey(), indent + "  ", place.under(cases));
            }
        }
    }

    private void member(List<String> lines, JsonObject member, String indent, ShownTypes.Place place) {
        String type = TypeShapes.string(member, "type");
        String head = indent + TypeShapes.name(member) + ":";
        String features = TypeShapes.features(member);
        ShownTypes attempt = shown.copy();
        String line = head + " " + shapes.inline(type, place, attempt) + features;
        Optional<String> opened = line.length() > WIDTH ? objectWithin(type) : Optional.empty();
        if (opened.isEmpty()) {
            shown.adopt(attempt);
            int shape = head.length() + 1;
            lines.addAll(LineWrap.wrap(line, WIDTH, " ".repeat(shape <= WIDTH / 2 ? shape + 1 : indent.length() + 4)));
            return;
        }
        String object = opened.get();
        String opening = opening(type, object, place);
        shown.show(object, place); // before its members: a member of its own type refers back to it
        lines.add(head + opening + features);
        object(lines, object, indent + "  ", place);
    }

    /** The object a member's type is, holds as array elements, or has as an alternate's branch, unless shown already. */
    private Optional<String> objectWithin(String type) {
        List<String> candidates = new ArrayList<>(List.of(type));
        shapes.elementType(type).ifPresent(candidates::add);
        candidates.addAll(shapes.branches(type));
        return candidates.stream().filter(shapes::isObjectWithMembers).filter(t -> shown.label(t).isEmpty()).findFirst();
    }

    /** What a member's line says before the members of the object it opens up. */
    private String opening(String type, String object, ShownTypes.Place place) {
        if (type.equals(object)) {
            return "";
        }
        if (shapes.elementType(type).filter(object::equals).isPresent()) {
            return " an array of:";
        }
        List<String> others = new ArrayList<>();
        for (String branch : shapes.branches(type)) {
            if (!branch.equals(object)) {
                others.add(shapes.inline(branch, place, shown));
            }
        }
        return " " + String.join("|", others) + ", or an object:";
    }
}
