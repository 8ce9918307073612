package dev.qmp4j.samples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words. A word ends at white space, except inside a JSON string
 * ({@code "..."}) or brackets, so that {@code command-line="info status"},
 * {@code keys=[1, 2]} and a whole {@code {"id": "usb1"}} object each stay one word. Quotes and
 * brackets are kept: the words are then read as JSON by {@link CommandArguments}.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /**
     * Splits a line.
     *
     * @param line the line as typed
     * @return its words, none for a blank line
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                word.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i)); // an escaped quote does not end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (Character.isWhitespace(c) && depth == 0) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
                if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && depth > 0) {
                    depth--;
                }
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
