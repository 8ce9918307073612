package dev.qmp4j.samples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks a long line of shapes after a {@code |}, {@code ,} or {@code ;}, so that each piece fits
 * the width; continuation lines are indented. Nothing but spaces is lost: the pieces, without
 * their indentation, run together give the line without its spaces.
 */
final class LineWrap {
    private LineWrap() {
    }

    /**
     * The line as lines of at most {@code width} characters where it can be broken.
     *
     * @param line the line
     * @param width the most characters a line should have
     * @param continuation what each continuation line starts with
     * @return the line itself when it fits, else its pieces
     */
    static List<String> wrap(String line, int width, String continuation) {
        List<String> lines = new ArrayList<>();
        if (line.length() <= width) {
            lines.add(line);
            return lines;
        }
        StringBuilder current = new StringBuilder();
        for (String piece : pieces(line)) {
            if (current.length() + piece.length() > width && current.length() > continuation.length()) {
                lines.add(current.toString().stripTrailing());
                current.setLength(0);
                current.append(continuation).append(piece.stripLeading());
            } else {
                current.append(piece);
            }
        }
        lines.add(current.toString());
        return lines;
    }

    /** The line cut after each {@code |} and after the space that follows a {@code ,} or {@code ;}. */
    private static List<String> pieces(String line) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            int end = c == '|' ? i + 1 : (c == ',' || c == ';') && i + 1 < line.length() && line.charAt(i + 1) == ' '
                    ? i + 2 : -1;
            if (end > 0) {
                pieces.add(line.substring(start, end));
                start = end;
                i = end - 1;
            }
        }
        pieces.add(line.substring(start));
        return pieces;
    }
}
