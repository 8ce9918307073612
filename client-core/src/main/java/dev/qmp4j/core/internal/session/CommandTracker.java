package dev.qmp4j.core.internal.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each command of a session is: waiting client-side, or sent and awaiting its reply
 * (in-band in send order, or out of band). With {@code oob} enabled QEMU queues at most
 * {@value #SERVER_QUEUE_LIMIT} in-band commands and stops reading beyond, so no more are sent
 * until replies free a place. A command with file descriptors is sent only when no earlier one
 * awaits its reply: QEMU reads ahead of the command it runs (with {@code oob}), and descriptors
 * that arrive while the earlier command's still wait replace them. Finding a command and removing
 * it are apart, so that its owner can complete it before it leaves. Loop thread only.
 */
final class CommandTracker {
    /** QEMU's QMP_REQ_QUEUE_LEN_MAX. */
    static final int SERVER_QUEUE_LIMIT = 8;

    /** Whether in-band commands are sent with their ids: without, only out-of-band ones can be found by id. */
    final boolean inBandIds;
    private final LinkedHashMap<Long, PendingCommand> inBand = new LinkedHashMap<>();
    private final Map<Long, PendingCommand> outOfBand = new HashMap<>();
    private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();
    private boolean limitInBand;
    /** The sent command with file descriptors that awaits its reply, or null. */
    private PendingCommand descriptorsInFlight;

    CommandTracker(boolean inBandIds) {
        this.inBandIds = inBandIds;
    }

    /** Turns on the in-band limit; called when {@code oob} is negotiated. */
    void limitInBand() {
        limitInBand = true;
    }

    /** Whether {@code cmd} may be sent now rather than wait its turn. */
    boolean maySend(PendingCommand cmd) {
        return cmd.outOfBand || (waiting.isEmpty() && inBandHasRoom() && descriptorsMayGo(cmd));
    }

    void sent(PendingCommand cmd) {
        cmd.sent = true;
        if (cmd.descriptors != null) {
            descriptorsInFlight = cmd;
        }
        (cmd.outOfBand ? outOfBand : inBand).put(cmd.id, cmd);
    }

    /** Whether any sent command still awaits its reply. */
    boolean awaitingReplies() {
        return !inBand.isEmpty() || !outOfBand.isEmpty();
    }

    void enqueue(PendingCommand cmd) {
        waiting.add(cmd);
    }

    /** Takes the next waiting command that may be sent now, or null. */
    PendingCommand nextToSend() {
        return inBandHasRoom() && !waiting.isEmpty() && descriptorsMayGo(waiting.peek()) ? waiting.poll() : null;
    }

    /** The sent command with this id, or null. */
    PendingCommand sent(long id) {
        PendingCommand cmd = inBandIds ? inBand.get(id) : null;
        return cmd != null ? cmd : outOfBand.get(id);
    }

    /** The oldest sent in-band command, or null: the owner of a reply without id. */
    PendingCommand oldestInBand() {
        return inBand.isEmpty() ? null : inBand.values().iterator().next();
    }

    /** Removes a sent command. */
    void removeSent(PendingCommand cmd) {
        (cmd.outOfBand ? outOfBand : inBand).remove(cmd.id);
        if (descriptorsInFlight == cmd) {
            descriptorsInFlight = null;
        }
    }

    /** Removes a command that was not sent yet; returns whether it was waiting. */
    boolean removeWaiting(PendingCommand cmd) {
        return waiting.remove(cmd);
    }

    /** Every command, sent or waiting. */
    List<PendingCommand> all() {
        List<PendingCommand> all = new ArrayList<>(inBand.values());
        all.addAll(outOfBand.values());
        all.addAll(waiting);
        return all;
    }

    /** Forgets every command. */
    void clear() {
        inBand.clear();
        outOfBand.clear();
        waiting.clear();
        descriptorsInFlight = null;
    }

    private boolean descriptorsMayGo(PendingCommand cmd) {
        return cmd.descriptors == null || descriptorsInFlight == null;
    }

    private boolean inBandHasRoom() {
        return !limitInBand || inBand.size() < SERVER_QUEUE_LIMIT;
    }
}
