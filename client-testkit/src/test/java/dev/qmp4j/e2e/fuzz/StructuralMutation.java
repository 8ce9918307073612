package dev.qmp4j.e2e.fuzz;

import static dev.qmp4j.e2e.fuzz.JsonText.arr;
import static dev.qmp4j.e2e.fuzz.JsonText.obj;
import static dev.qmp4j.e2e.fuzz.JsonText.raw;

import dev.qmp4j.e2e.fuzz.JsonText.Member;
import dev.qmp4j.e2e.fuzz.JsonText.Obj;
import dev.qmp4j.e2e.fuzz.JsonText.Slot;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Applies a family to the messages of one phase, before they are turned into bytes. */
final class StructuralMutation {
    private final SplittableRandom random;
    private final int maxMessageBytes;
    private final Supplier<JsonText> greeting;

    StructuralMutation(SplittableRandom random, int maxMessageBytes, Supplier<JsonText> greeting) {
        this.random = random;
        this.maxMessageBytes = maxMessageBytes;
        this.greeting = greeting;
    }

    /**
     * Mutates {@code messages} (not empty) in place; bad-byte families that chose to strike
     * between tokens are added to {@code bytesBetweenTokens} for the byte stage instead.
     */
    void apply(Family family, SessionScript.Phase phase, List<JsonText> messages, Set<Family> bytesBetweenTokens) {
        JsonText message = messages.get(random.nextInt(messages.size()));
        switch (family) {
            case WRONG_TYPE -> replaceValue(message, HostileValues.wrongType(random));
            case MISSING_MEMBER -> removeMember(message);
            case EXTRA_MEMBER -> addMember(message);
            case DEEP_NESTING -> replaceValue(message, HostileValues.deep(random, false));
            case VERY_DEEP_NESTING -> replaceValue(message, HostileValues.deep(random, true));
            case HUGE_NUMBER -> replaceValue(message, HostileValues.hugeNumber(random));
            case HUGE_STRING -> replaceValue(message,
                    HostileValues.longString(random, 65_536 + random.nextInt(maxMessageBytes - 65_536 - 8_192)));
            case OVERSIZED_MESSAGE -> replaceValue(message,
                    HostileValues.longString(random, maxMessageBytes + random.nextInt(65_536)));
            case INVALID_UTF8, NUL_BYTES, CONTROL_CHARS -> {
                if (random.nextBoolean()) {
                    bytesBetweenTokens.add(family);
                } else if (random.nextBoolean()) {
                    replaceValue(message, HostileValues.badString(random, family));
                } else {
                    replaceKey(message, HostileValues.badString(random, family));
                }
            }
            case NOT_AN_OBJECT -> {
                int at = random.nextInt(messages.size());
                if (random.nextBoolean()) {
                    messages.set(at, HostileValues.notAnObject(random));
                } else {
                    messages.add(at, HostileValues.notAnObject(random));
                }
            }
            case MISPLACED_MESSAGE -> misplace(phase, messages);
            default -> {
                // byte and delivery families, and those the body applies itself
            }
        }
    }

    /** Replaces a value: half the time a top-level member (id, return, event, QMP...), else any. */
    private void replaceValue(JsonText message, JsonText value) {
        List<Slot> slots = random.nextBoolean() && message instanceof Obj o ? topLevel(o) : JsonText.slots(message);
        if (!slots.isEmpty()) {
            slots.get(random.nextInt(slots.size())).replace(value);
        } else if (message instanceof Obj o) {
            o.members().add(new Member(JsonText.string("data").bytes(), value));
        }
    }

    private static List<Slot> topLevel(Obj o) {
        return JsonText.slots(o).stream().filter(s -> s.container() == o.members()).toList();
    }

    private void replaceKey(JsonText message, JsonText key) {
        List<Obj> objects = JsonText.objects(message).stream().filter(o -> !o.members().isEmpty()).toList();
        if (!objects.isEmpty()) {
            List<Member> members = objects.get(random.nextInt(objects.size())).members();
            int i = random.nextInt(members.size());
            members.set(i, new Member(((JsonText.Raw) key).bytes(), members.get(i).value()));
        }
    }

    private void removeMember(JsonText message) {
        List<Obj> objects = JsonText.objects(message).stream().filter(o -> !o.members().isEmpty()).toList();
        if (!objects.isEmpty()) {
            List<Member> members = objects.get(random.nextInt(objects.size())).members();
            members.remove(random.nextInt(members.size()));
        }
    }

    private void addMember(JsonText message) {
        if (!(message instanceof Obj o)) {
            return;
        }
        List<Member> members = o.members();
        Member extra = switch (random.nextInt(7)) {
            case 0 -> member("error", obj("class", "GenericError", "desc", "extra"));
            case 1 -> member("return", obj());
            case 2 -> member("event", JsonText.string("STOP"));
            case 3 -> member("QMP", obj());
            case 4 -> members.isEmpty() ? member("id", raw("1"))
                    : new Member(members.get(random.nextInt(members.size())).key(), HostileValues.wrongType(random));
            case 5 -> member("x-unknown", arr(1, obj("a", raw("null"))));
            default -> member("id", raw("424242"));
        };
        members.add(random.nextInt(members.size() + 1), extra);
    }

    private static Member member(String key, JsonText value) {
        return new Member(JsonText.string(key).bytes(), value);
    }

    private void misplace(SessionScript.Phase phase, List<JsonText> messages) {
        int last = messages.size() - 1;
        JsonText reply = obj("return", obj(), "id", raw("1"));
        switch (phase) {
            case GREETING -> {
                switch (random.nextInt(3)) {
                    case 0 -> messages.add(0, reply);                                       // reply before the greeting
                    case 1 -> messages.add(greeting.get());                                 // two greetings
                    default -> messages.add(0, obj("error", obj("class", "GenericError", "desc", "no id")));
                }
            }
            case NEGOTIATION -> {
                switch (random.nextInt(4)) {
                    case 0 -> messages.add(last, greeting.get());                           // a greeting again
                    case 1 -> unknownId(messages.get(last));                                // not our id
                    case 2 -> JsonText.slots(messages.get(last)).stream()                   // no id: still ours
                            .filter(s -> s.key() != null && s.key().equals("\"id\"")).findFirst()
                            .ifPresent(s -> ((Obj) messages.get(last)).members().remove(s.index()));
                    default -> messages.add(messages.get(last));                            // the reply twice
                }
            }
            case BODY -> {
                JsonText any = messages.get(random.nextInt(messages.size()));
                switch (random.nextInt(5)) {
                    case 0 -> messages.add(obj("return", obj(), "id", raw("987654")));     // unknown id
                    case 1 -> messages.add(random.nextInt(messages.size() + 1), any);       // a message twice
                    case 2 -> messages.add(random.nextInt(messages.size() + 1), greeting.get());
                    case 3 -> messages.add(obj("return", obj("late", true)));               // no id: the oldest command's
                    default -> messages.add(obj("error", obj("class", "GenericError", "desc", "x"),
                            "id", HostileValues.wrongType(random)));
                }
            }
            default -> throw new IllegalArgumentException(phase.name());
        }
    }

    private void unknownId(JsonText reply) {
        JsonText.slots(reply).stream().filter(s -> s.key() != null && s.key().equals("\"id\"")).findFirst()
                .ifPresent(s -> s.replace(random.nextBoolean() ? raw("987654") : JsonText.string("1")));
    }
}
