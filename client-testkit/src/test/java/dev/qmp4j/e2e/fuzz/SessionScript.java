package dev.qmp4j.e2e.fuzz;

import static dev.qmp4j.e2e.fuzz.JsonText.arr;
import static dev.qmp4j.e2e.fuzz.JsonText.obj;
import static dev.qmp4j.e2e.fuzz.JsonText.raw;
import static dev.qmp4j.e2e.fuzz.JsonText.string;

import dev.qmp4j.e2e.fuzz.JsonText.Layout;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the scripted server of one case sends, drawn from the case's seed: a valid QEMU-like
 * session (greeting, negotiation reply, replies with the ids the client used, events), with the
 * case's families applied to one of its three phases each. Half the cases are for a client whose
 * in-band commands carry no ids: their replies come in the order the server read the commands,
 * as QEMU sends them, without ids. Also the client's {@link ClientPlan} and,
 * for a case without content families, what a correct client makes of it.
 */
final class SessionScript {
    /** Where a family strikes. */
    enum Phase { GREETING, NEGOTIATION, BODY }

    /**
     * A command as the server read it: its name, its id's JSON text (null when it had none) and
     * its place among the commands of its phase.
     */
    record Sent(String name, String id, int position) {
        /** What names this command's expected outcome: its id, else its place. */
        String key() {
            return id != null ? id : "#" + position;
        }
    }

    /**
     * What a correct client makes of a valid reply: a value, a command error, or (value and
     * error both null) any outcome, failing or not.
     */
    record Expected(JsonText value, String errorClass, String errorDesc) {
        static final Expected ANY = new Expected(null, null, null);
    }

    final long seed;
    final Set<Family> families;
    final ClientPlan plan;
    /** Whether the client sends its in-band commands with ids, so that replies may come in any order. */
    final boolean inBandIds;
    private final SplittableRandom random;
    private final ValidMessages valid;
    private final Map<Family, Phase> targets = new EnumMap<>(Family.class);
    private final Layout layout;
    private final byte[] lineEnd;
    private final int maxMessageBytes;
    /** Families whose bad bytes go between tokens rather than into a string. */
    private final Set<Family> bytesBetweenTokens = EnumSet.noneOf(Family.class);
    private boolean truncated;
    private final Map<String, Expected> expected = new HashMap<>();
    private final List<String> bodyEvents = new ArrayList<>();
    private JsonText lateReply;

    SessionScript(long seed, int maxMessageBytes) {
        this.seed = seed;
        this.maxMessageBytes = maxMessageBytes;
        this.random = new SplittableRandom(seed);
        this.families = pickFamilies(random);
        for (Family f : families) {
            boolean bodyOnly = f == Family.COMMAND_DROPPED || f == Family.COMMAND_DROPPED_BAD_REASON
                    || f == Family.EVENT_FLOOD || f == Family.HOLD_OPEN;
            int r = random.nextInt(5);
            targets.put(f, bodyOnly || r >= 2 ? Phase.BODY : r == 0 ? Phase.GREETING : Phase.NEGOTIATION);
        }
        this.layout = Layout.values()[random.nextInt(Layout.values().length)];
        this.lineEnd = random.nextInt(4) == 0 ? new byte[] {'\n'} : new byte[] {'\r', '\n'};
        this.plan = new ClientPlan(random);
        this.valid = new ValidMessages(random);
        this.inBandIds = random.nextBoolean();
    }

    private static Set<Family> pickFamilies(SplittableRandom random) {
        Set<Family> picked = EnumSet.noneOf(Family.class);
        if (random.nextInt(8) != 0) { // one case in eight is a valid session
            List<Family> content = new ArrayList<>(Family.CONTENT);
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                picked.add(content.get(random.nextInt(content.size())));
            }
        }
        if (random.nextInt(10) < 3) {
            picked.add(Family.SPLIT_WRITES);
        }
        if (random.nextInt(16) == 0) {
            picked.add(Family.HOLD_OPEN);
        }
        return picked;
    }

    /**
     * Whether a correct client must get exactly what was scripted: no content family, nothing held
     * back, and the client itself does not give up early.
     */
    boolean isValid() {
        return Collections.disjoint(families, Family.CONTENT) && !families.contains(Family.HOLD_OPEN)
                && !plan.cancelConnect && !plan.closeEarly;
    }

    /** Whether the server sends nothing more: it closed in the middle of a phase. */
    boolean truncated() {
        return truncated;
    }

    /** Whether the server keeps the connection open after the body. */
    boolean holdsOpen() {
        return families.contains(Family.HOLD_OPEN);
    }

    /** The largest write of {@code length} bytes: with SPLIT_WRITES 16 bytes, or a 512th of a large phase. */
    int maxWrite(int length) {
        return families.contains(Family.SPLIT_WRITES) ? Math.max(16, length / 512) : Integer.MAX_VALUE;
    }

    /** What a correct client makes of the reply to this command. */
    Optional<Expected> expected(Sent sent) {
        return Optional.ofNullable(expected.get(sent.key()));
    }

    /** The reply held back by HOLD_OPEN, to send once its command has timed out; empty if none. */
    byte[] lateReply() {
        return lateReply == null || truncated ? new byte[0]
                : ByteMutation.concat(List.of(JsonText.render(lateReply, layout), lineEnd));
    }

    /** The events of a valid body, in order. */
    List<String> bodyEvents() {
        return bodyEvents;
    }

    // ---- the three phases ----

    byte[] greeting() {
        List<JsonText> messages = new ArrayList<>();
        if (random.nextInt(8) == 0) {
            messages.add(valid.event(valid.eventName())); // old QEMUs sent events first
        }
        messages.add(valid.greeting());
        return phase(Phase.GREETING, messages, List.of());
    }

    byte[] negotiationReply(Sent negotiation) {
        List<JsonText> messages = new ArrayList<>();
        if (random.nextInt(6) == 0) {
            messages.add(valid.event("STOP")); // an event may come before the reply (go-qemu #210)
        }
        messages.add(withId(negotiation, "return", obj()));
        return phase(Phase.NEGOTIATION, messages, List.of());
    }

    byte[] body(List<Sent> sent) {
        List<JsonText> messages = new ArrayList<>();
        List<JsonText> unmutated = new ArrayList<>();
        List<Sent> order = new ArrayList<>(sent);
        Sent unanswered;
        if (inBandIds) {
            Collections.shuffle(order, new java.util.Random(random.nextLong()));
            order.sort((a, b) -> Boolean.compare(a.name().equals("quit"), b.name().equals("quit"))); // quit last
            unanswered = pickOther(order, holdsOpen(), true);
        } else {
            // In the order read, as QEMU answers; only the last command may go unanswered, else the
            // replies after it would be taken as its own.
            Sent last = order.isEmpty() ? null : order.get(order.size() - 1);
            unanswered = holdsOpen() && last != null && !last.name().equals("quit") ? last : null;
        }
        Sent droppedByServer = pickOther(order, families.contains(Family.COMMAND_DROPPED)
                || families.contains(Family.COMMAND_DROPPED_BAD_REASON), inBandIds);
        if (random.nextInt(4) == 0) {
            messages.add(bodyEvent(valid.eventName()));
        }
        for (Sent s : order) {
            if (s == unanswered) {
                lateReply = withId(s, "return", obj("late", true));
                continue;
            }
            if (s == droppedByServer) {
                messages.add(commandDropped(raw(s.id())));
                continue;
            }
            if (s.name().equals("quit")) {
                messages.add(bodyEvent("SHUTDOWN"));
                // Without ids, a reply left out while other commands follow would be taken as theirs.
                if (random.nextBoolean() || (s.id() == null && s != order.get(order.size() - 1))) {
                    messages.add(withId(s, "return", obj()));
                }
                expected.put(s.key(), new Expected(obj(), null, null));
                continue;
            }
            messages.add(reply(s));
            if (s.name().equals(ClientPlan.AWAIT_COMMAND) && random.nextInt(5) != 0) {
                messages.add(bodyEvent(ClientPlan.AWAITED_EVENT));
            }
            if (random.nextInt(4) == 0) {
                messages.add(bodyEvent(valid.eventName()));
            }
        }
        if (families.contains(Family.EVENT_FLOOD)) {
            int n = 1_100 + random.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                messages.add(ValidMessages.event("FZ_FLOOD", obj("n", i)));
            }
        }
        if (families.contains(Family.COMMAND_DROPPED) && random.nextBoolean()) {
            // COMMAND_DROPPED for an id nobody waits for, or one that is no id at all.
            messages.add(random.nextInt(messages.size() + 1),
                    commandDropped(random.nextBoolean() ? raw("987654") : HostileValues.wrongType(random)));
        }
        return phase(Phase.BODY, messages, unmutated);
    }

    /** A command other than quit to single out, when {@code wanted}; one with an id unless {@code anyId}. */
    private Sent pickOther(List<Sent> order, boolean wanted, boolean anyId) {
        List<Sent> candidates = order.stream().filter(s -> !s.name().equals("quit") && (anyId || s.id() != null))
                .toList();
        return wanted && !candidates.isEmpty() ? candidates.get(random.nextInt(candidates.size())) : null;
    }

    /** A reply with these members and the command's id, or none when the command had none, as QEMU does. */
    private static JsonText withId(Sent s, Object... members) {
        if (s.id() == null) {
            return obj(members);
        }
        Object[] all = java.util.Arrays.copyOf(members, members.length + 2);
        all[members.length] = "id";
        all[members.length + 1] = raw(s.id());
        return obj(all);
    }

    private JsonText reply(Sent s) {
        JsonText message;
        if (s.name().equals(ClientPlan.AWAIT_COMMAND)) {
            message = withId(s, "return", obj());
            expected.put(s.key(), Expected.ANY); // succeeds once its event comes, else times out or ends with the session
        } else if (random.nextInt(5) < 2) {
            String cls = List.of("GenericError", "CommandNotFound", "DeviceNotFound", "X-Unknown").get(random.nextInt(4));
            String desc = "fuzz error " + random.nextInt(1000) + " caf\u00e9";
            message = s.id() != null ? obj("id", raw(s.id()), "error", obj("class", cls, "desc", desc))
                    : obj("error", obj("class", cls, "desc", desc));
            expected.put(s.key(), new Expected(null, cls, desc));
        } else {
            JsonText value = s.name().equals("query-qmp-schema") && random.nextBoolean() ? ValidMessages.schema()
                    : valid.value(0);
            message = withId(s, "return", value);
            expected.put(s.key(), s.name().equals("query-qmp-schema") ? Expected.ANY : new Expected(value, null, null));
        }
        return message;
    }

    private JsonText commandDropped(JsonText id) {
        JsonText reason = families.contains(Family.COMMAND_DROPPED_BAD_REASON)
                ? List.of(obj(), arr(), raw("null"), arr(1, 2), obj("a", 1), raw("5"), raw("true")).get(random.nextInt(7))
                : string("queue-full");
        return ValidMessages.event("COMMAND_DROPPED", obj("id", id, "reason", reason));
    }

    private JsonText bodyEvent(String name) {
        bodyEvents.add(name);
        return valid.event(name);
    }

    // ---- families ----

    /** The bytes of a phase: its messages with the families applied, {@code unmutated} spared the structural ones. */
    private byte[] phase(Phase phase, List<JsonText> messages, List<JsonText> unmutated) {
        if (truncated) {
            return new byte[0];
        }
        List<Family> here = families.stream().filter(f -> targets.get(f) == phase).toList();
        for (Family f : here) {
            if (!messages.isEmpty()) {
                new StructuralMutation(random, maxMessageBytes, valid::greeting).apply(f, phase, messages,
                        bytesBetweenTokens);
            }
        }
        for (JsonText m : unmutated) {
            messages.add(random.nextInt(messages.size() + 1), m);
        }
        List<byte[]> parts = new ArrayList<>();
        for (JsonText m : messages) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(JsonText.render(m, layout));
            out.writeBytes(lineEnd);
            parts.add(out.toByteArray());
        }
        ByteMutation bytes = new ByteMutation(random);
        for (Family f : here) {
            switch (f) {
                case GARBAGE_BETWEEN -> bytes.insertGarbage(parts);
                case DUPLICATE -> bytes.duplicate(parts);
                case INVALID_UTF8, NUL_BYTES, CONTROL_CHARS -> {
                    if (bytesBetweenTokens.contains(f)) {
                        bytes.insert(parts, HostileValues.badBytes(random, f));
                    }
                }
                default -> {
                    // structural, or below
                }
            }
        }
        byte[] all = ByteMutation.concat(parts);
        if (here.contains(Family.FLIP_BYTES)) {
            bytes.flip(all);
        }
        if (here.contains(Family.TRUNCATE) && all.length > 0) {
            truncated = true;
            all = java.util.Arrays.copyOf(all, random.nextInt(all.length));
        }
        return all;
    }

    @Override
    public String toString() {
        return "seed " + seed + ", families " + families + ", targets " + targets + ", " + plan + ", layout " + layout
                + (lineEnd.length == 1 ? " LF" : " CRLF") + (inBandIds ? ", in-band ids" : ", no in-band ids");
    }
}
