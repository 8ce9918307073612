package dev.qmp4j.samples.cli;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a text is one JSON value as QEMU reads it (JSON, where strings may also be in
 * single quotes), and says where it is not and what was expected there, such as
 * {@code at column 12: expected ',' or '}'}. A key given twice in one object is an error too.
 *
 * <p>A general JSON library reports its own internals (exception types, paths, links to its
 * troubleshooting pages); a command line wants one line about what was typed.
 */
public final class JsonSyntax {
    private final String text;
    private int at;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /**
     * Where a text stops being JSON, and what was expected there.
     *
     * @param line the line, from 1
     * @param column the column in that line, from 1
     * @param what such as {@code expected ',' or '}'}
     */
    public record Problem(int line, int column, String what) {
        /**
         * The problem as a phrase.
         *
         * @param columnsBefore how many characters came before the text on its first line, when
         *     the text is part of a longer line (0 when it stands alone)
         * @return {@code at column 12: expected ',' or '}'}, or {@code at line 2, column 3: ...}
         */
        public String describe(int columnsBefore) {
            return line > 1 ? "at line " + line + ", column " + column + ": " + what
                    : "at column " + (column + columnsBefore) + ": " + what;
        }
    }

    /**
     * What is wrong with a text, if anything.
     *
     * @param text the text to check
     * @return empty for one valid JSON value, else the first problem
     */
    public static Optional<Problem> problem(String text) {
        JsonSyntax syntax = new JsonSyntax(text);
        try {
            syntax.space();
            syntax.value();
            syntax.space();
            if (syntax.at < text.length()) {
                throw syntax.error(syntax.at, "unexpected text after the JSON value");
            }
            return Optional.empty();
        } catch (Stop stop) {
            return Optional.of(stop.problem);
        }
    }

    private void value() {
        if (at >= text.length()) {
            throw error(at, "expected a value");
        }
        char c = text.charAt(at);
        if (c == '{') {
            object();
        } else if (c == '[') {
            array();
        } else if (c == '"' || c == '\'') {
            string();
        } else if (c == '-' || c >= '0' && c <= '9') {
            number();
        } else if (!word("true") && !word("false") && !word("null")) {
            throw error(at, "expected a value");
        }
    }

    private void object() {
        at++; // '{'
        space();
        if (peek('}')) {
            at++;
            return;
        }
        Set<String> keys = new HashSet<>();
        while (true) {
            if (!peek('"') && !peek('\'')) {
                throw error(at, keys.isEmpty() ? "expected a quoted key or '}'" : "expected a quoted key");
            }
            int keyStart = at;
            String key = string();
            if (!keys.add(key)) {
                throw error(keyStart, "the key \"" + key + "\" is given twice");
            }
            space();
            expect(':', "expected ':'");
            space();
            value();
            space();
            if (peek('}')) {
                at++;
                return;
            }
            expect(',', "expected ',' or '}'");
            space();
        }
    }

    private void array() {
        at++; // '['
        space();
        if (peek(']')) {
            at++;
            return;
        }
        while (true) {
            value();
            space();
            if (peek(']')) {
                at++;
                return;
            }
            expect(',', "expected ',' or ']'");
            space();
        }
    }

    /** Reads a string in double or single quotes; returns its content with escapes as written. */
    private String string() {
        int start = at;
        char quote = text.charAt(at++);
        StringBuilder content = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == quote) {
                at++;
                return content.toString();
            }
            if (c < 0x20) {
                throw error(at, "a control character in a string must be escaped");
            }
            if (c == '\\') {
                int escapeStart = at;
                escape();
                content.append(text, escapeStart, at); // escapes compare as written: enough to spot a repeated key
                continue;
            }
            content.append(c);
            at++;
        }
        throw error(start, "the string that starts here is not closed");
    }

    private void escape() {
        int start = at;
        at++; // '\'
        if (at >= text.length()) {
            throw error(start, "the string that starts here is not closed");
        }
        char c = text.charAt(at++);
        if (c == 'u') {
            for (int i = 0; i < 4; i++) {
                if (at >= text.length() || Character.digit(text.charAt(at), 16) < 0) {
                    throw error(start, "\\u takes four hexadecimal digits");
                }
                at++;
            }
        } else if ("\"'\\/bfnrt".indexOf(c) < 0) {
            throw error(start, "invalid escape \\" + c);
        }
    }

    private void number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        if (peek('0')) {
            at++;
        } else if (!digits()) {
            throw error(start, "invalid number");
        }
        if (peek('.')) {
            at++;
            if (!digits()) {
                throw error(start, "invalid number");
            }
        }
        if (peek('e') || peek('E')) {
            at++;
            if (peek('+') || peek('-')) {
                at++;
            }
            if (!digits()) {
                throw error(start, "invalid number");
            }
        }
        if (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            throw error(start, "invalid number");
        }
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private boolean word(String literal) {
        if (!text.startsWith(literal, at)) {
            return false;
        }
        int end = at + literal.length();
        if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            return false; // "nullx" is no null
        }
        at = end;
        return true;
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c, String expectation) {
        if (!peek(c)) {
            throw error(at, expectation);
        }
        at++;
    }

    /** A problem at a character index, placed by line and column (both from 1). */
    private Stop error(int index, String what) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Stop(new Problem(line, index - lineStart + 1, what));
    }

    /** Ends the check at the first problem. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Problem problem;

        Stop(Problem problem) {
            super(problem.what(), null, false, false);
            this.problem = problem;
        }
    }
}
