package dev.qmp4j.e2e.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * What the client does in one case, drawn from the case's seed: the calls it makes once
 * connected, in order, and whether it gives up early.
 */
final class ClientPlan {
    /** A call of the API; EXECUTE_CANCELLED is cancelled once the server has read it. */
    enum Action { EXECUTE, EXECUTE_OOB, EXECUTE_CANCELLED, SCHEMA, AWAIT_EVENT, QUIT }

    static final String AWAIT_COMMAND = "fz-await";
    static final String AWAITED_EVENT = "FZ_DONE";
    private static final List<String> COMMANDS = List.of("query-status", "query-name", "fz-echo", "device_del", "cont");

    final List<Action> actions = new ArrayList<>();
    /** The command each action sends. */
    final List<String> commands = new ArrayList<>();
    /** Whether the client gives up connecting at once. */
    final boolean cancelConnect;
    /** Whether the client closes the session once the server has its commands, before any reply. */
    final boolean closeEarly;

    ClientPlan(SplittableRandom random) {
        int executes = random.nextInt(4);
        for (int i = 0; i < executes; i++) {
            actions.add(Action.EXECUTE);
        }
        if (random.nextInt(7) == 0) {
            actions.add(Action.EXECUTE_OOB);
        }
        if (random.nextInt(7) == 0) {
            actions.add(Action.SCHEMA);
        }
        if (random.nextInt(5) == 0) {
            actions.add(Action.AWAIT_EVENT);
        }
        if (random.nextInt(8) == 0) {
            actions.add(Action.EXECUTE_CANCELLED);
        }
        Collections.shuffle(actions, new Random(random.nextLong()));
        if (random.nextInt(10) == 0) {
            actions.add(Action.QUIT);
        }
        for (Action a : actions) {
            commands.add(switch (a) {
                case EXECUTE, EXECUTE_OOB, EXECUTE_CANCELLED -> COMMANDS.get(random.nextInt(COMMANDS.size()));
                case SCHEMA -> "query-qmp-schema";
                case AWAIT_EVENT -> AWAIT_COMMAND;
                case QUIT -> "quit";
            });
        }
        cancelConnect = random.nextInt(25) == 0;
        closeEarly = random.nextInt(15) == 0;
    }

    @Override
    public String toString() {
        return "actions " + actions + " " + commands + (cancelConnect ? ", connect cancelled" : "")
                + (closeEarly ? ", closed early" : "");
    }
}
