package dev.qmp4j.samples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Turns the lines typed in {@code qmp shell} into requests, as QEMU's qmp-shell reads them:
 * {@code COMMAND key=value ...} or {@code COMMAND {json}}, {@code -H HMP-COMMAND}, and
 * transactions, either over several lines
 *
 * <pre>
 * transaction(
 * block-dirty-bitmap-add node=drive0 name=bitmap1
 * block-dirty-bitmap-clear node=drive0 name=bitmap0
 * )
 * </pre>
 *
 * <p>or on one line, {@code transaction( ACTION key=value ... )}. {@code transaction(} and
 * {@code )} are words of their own; an action line may also end with {@code )}, which sends the
 * transaction. In human monitor mode ({@code qmp shell -H}) every line is a human monitor
 * command. Not thread-safe: one reader feeds it.
 */
public final class ShellLines {
    /** The word that opens a transaction. */
    public static final String OPEN = "transaction(";
    /** The word that closes and sends a transaction. */
    public static final String CLOSE = ")";

    private final boolean humanMonitor;
    private JsonArray actions; // non-null while a transaction is open

    /**
     * A reader of lines.
     *
     * @param humanMonitor whether every line is a human monitor command
     */
    public ShellLines(boolean humanMonitor) {
        this.humanMonitor = humanMonitor;
    }

    /**
     * Whether a transaction is open: its actions are being collected.
     *
     * @return true between {@code transaction(} and {@code )}
     */
    public boolean inTransaction() {
        return actions != null;
    }

    /**
     * How many actions the open transaction holds.
     *
     * @return the count, 0 without an open transaction
     */
    public int pendingActions() {
        return actions == null ? 0 : actions.size();
    }

    /**
     * Reads one line.
     *
     * @param line the line, without its line break
     * @return the request to run now; empty for a blank line, a comment ({@code #...}), or a line
     *     that opened a transaction or added an action to it
     * @throws IllegalArgumentException when the line cannot be read (an open transaction stays
     *     open; the line's action is not added)
     */
    public Optional<ShellRequest> read(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        if (humanMonitor) {
            return Optional.of(ShellRequest.human(text));
        }
        if (!inTransaction() && (text.equals("-H") || text.startsWith("-H ") || text.startsWith("-H\t"))) {
            String commandLine = text.substring(2).strip();
            if (commandLine.isEmpty()) {
                throw new IllegalArgumentException("-H takes a human monitor command, such as -H info status");
            }
            return Optional.of(ShellRequest.human(commandLine));
        }
        List<String> words = ShellWords.split(text);
        if (words.get(0).equals(OPEN)) {
            actions = new JsonArray();
            words = words.subList(1, words.size());
            if (words.isEmpty()) {
                return Optional.empty();
            }
        }
        if (inTransaction()) {
            return transactionLine(line, words);
        }
        return Optional.of(new ShellRequest(words.get(0), arguments(line, words), false));
    }

    private Optional<ShellRequest> transactionLine(String line, List<String> words) {
        if (words.get(0).equals(CLOSE)) {
            JsonArray done = actions;
            actions = null;
            if (words.size() > 1) {
                throw new IllegalArgumentException("unexpected input after the ')' that closed the transaction: "
                        + String.join(" ", words.subList(1, words.size())) + " (nothing was sent)");
            }
            JsonObject arguments = new JsonObject();
            arguments.add("actions", done);
            return Optional.of(new ShellRequest("transaction", arguments, false));
        }
        boolean closes = words.size() > 1 && words.get(words.size() - 1).equals(CLOSE);
        List<String> action = closes ? words.subList(0, words.size() - 1) : words;
        JsonObject entry = new JsonObject();
        entry.addProperty("type", action.get(0));
        entry.add("data", arguments(line, action));
        actions.add(entry);
        return closes ? transactionLine(CLOSE, List.of(CLOSE)) : Optional.empty();
    }

    /** The arguments after a command or action name; a JSON object's columns count from the line's start. */
    private static JsonObject arguments(String line, List<String> words) {
        List<String> rest = words.subList(1, words.size());
        int columnsBefore = rest.size() == 1 ? Math.max(0, line.indexOf(rest.get(0), line.indexOf(words.get(0))
                + words.get(0).length())) : 0;
        return CommandArguments.parse(rest, "the arguments object", columnsBefore);
    }
}
