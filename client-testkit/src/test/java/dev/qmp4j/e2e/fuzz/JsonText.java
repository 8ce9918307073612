package dev.qmp4j.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON tree whose leaves are raw bytes, so that it can hold what no JSON library would
 * write: invalid UTF-8, NUL bytes, 50,000 levels of nesting in one leaf. Containers are mutable
 * so that mutations can replace, add and remove values in place.
 */
sealed interface JsonText {

    /** An object; its keys are raw tokens, quotes included. */
    record Obj(List<Member> members) implements JsonText {
    }

    /** An array. */
    record Arr(List<JsonText> items) implements JsonText {
    }

    /** Any bytes, written as they are: a scalar token or hostile text. */
    record Raw(byte[] bytes) implements JsonText {
    }

    /** One member of an object. */
    record Member(byte[] key, JsonText value) {
    }

    /** Where a value sits, so that it can be replaced. */
    record Slot(List<?> container, int index, String key) {
        @SuppressWarnings("unchecked")
        void replace(JsonText value) {
            if (key == null) {
                ((List<JsonText>) container).set(index, value);
            } else {
                List<Member> members = (List<Member>) container;
                members.set(index, new Member(members.get(index).key(), value));
            }
        }
    }

    /** How a message is laid out: as QEMU writes it, compact, or pretty over many lines. */
    enum Layout { QEMU, COMPACT, PRETTY }

    /** An object from alternating keys and values (JsonText, String, Number or Boolean). */
    static Obj obj(Object... keysAndValues) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            members.add(new Member(string((String) keysAndValues[i]).bytes(), of(keysAndValues[i + 1])));
        }
        return new Obj(members);
    }

    static Arr arr(Object... values) {
        List<JsonText> items = new ArrayList<>();
        for (Object v : values) {
            items.add(of(v));
        }
        return new Arr(items);
    }

    static JsonText of(Object value) {
        if (value instanceof JsonText j) {
            return j;
        }
        if (value instanceof String s) {
            return string(s);
        }
        return raw(String.valueOf(value)); // numbers, booleans
    }

    static Raw raw(String token) {
        return new Raw(token.getBytes(StandardCharsets.UTF_8));
    }

    /** A string token escaped as QEMU escapes it: ASCII only, everything else as \\uXXXX. */
    static Raw string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return raw(b.append('"').toString());
    }

    /** The value of a member, or null. */
    static JsonText member(JsonText object, String key) {
        if (object instanceof Obj o) {
            byte[] token = string(key).bytes();
            for (Member m : o.members()) {
                if (java.util.Arrays.equals(m.key(), token)) {
                    return m.value();
                }
            }
        }
        return null;
    }

    /** Every place below {@code root} where a value sits (not the root itself). */
    static List<Slot> slots(JsonText root) {
        List<Slot> out = new ArrayList<>();
        List<JsonText> pending = new ArrayList<>(List.of(root)); // iterative: no depth limit to worry about
        while (!pending.isEmpty()) {
            JsonText node = pending.remove(pending.size() - 1);
            if (node instanceof Obj o) {
                for (int i = 0; i < o.members().size(); i++) {
                    Member m = o.members().get(i);
                    out.add(new Slot(o.members(), i, new String(m.key(), StandardCharsets.UTF_8)));
                    pending.add(m.value());
                }
            } else if (node instanceof Arr a) {
                for (int i = 0; i < a.items().size(); i++) {
                    out.add(new Slot(a.items(), i, null));
                    pending.add(a.items().get(i));
                }
            }
        }
        return out;
    }

    /** Every object below and including {@code root}. */
    static List<Obj> objects(JsonText root) {
        List<Obj> out = new ArrayList<>();
        List<JsonText> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            JsonText node = pending.remove(pending.size() - 1);
            if (node instanceof Obj o) {
                out.add(o);
                o.members().forEach(m -> pending.add(m.value()));
            } else if (node instanceof Arr a) {
                pending.addAll(a.items());
            }
        }
        return out;
    }

    static byte[] render(JsonText value, Layout layout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, layout, 0, out);
        return out.toByteArray();
    }

    private static void write(JsonText value, Layout layout, int indent, ByteArrayOutputStream out) {
        if (value instanceof Raw r) {
            out.writeBytes(r.bytes());
            return;
        }
        boolean isObject = value instanceof Obj;
        List<?> children = isObject ? ((Obj) value).members() : ((Arr) value).items();
        out.write(isObject ? '{' : '[');
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                out.write(',');
                if (layout == Layout.QEMU) {
                    out.write(' ');
                }
            }
            newline(layout, indent + 1, out);
            JsonText child;
            if (children.get(i) instanceof Member m) {
                out.writeBytes(m.key());
                out.writeBytes(layout == Layout.COMPACT ? new byte[] {':'} : new byte[] {':', ' '});
                child = m.value();
            } else {
                child = (JsonText) children.get(i);
            }
            write(child, layout, indent + 1, out);
        }
        if (!children.isEmpty()) {
            newline(layout, indent, out);
        }
        out.write(isObject ? '}' : ']');
    }

    private static void newline(Layout layout, int indent, ByteArrayOutputStream out) {
        if (layout == Layout.PRETTY) {
            out.write('\n');
            out.writeBytes(" ".repeat(4 * indent).getBytes(StandardCharsets.US_ASCII));
        }
    }
}
