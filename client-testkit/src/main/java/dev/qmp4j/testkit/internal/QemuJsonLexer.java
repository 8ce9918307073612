package dev.qmp4j.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Incremental lexer modelled on QEMU's json-lexer: byte-fed, no delimiter needed, single-quoted
 * strings accepted, and after an error it skips input until a structural or control character
 * (or a 0xFE/0xFF byte), the resynchronisation points QEMU documents.
 */
final class QemuJsonLexer {
    private enum State { START, STRING, STRING_ESCAPE, NUMBER, KEYWORD, RECOVERY }

    private final Consumer<JsonToken> sink;
    private final ByteArrayOutputStream token = new ByteArrayOutputStream();
    private State state = State.START;
    private int quote;

    QemuJsonLexer(Consumer<JsonToken> sink) {
        this.sink = sink;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            feed(bytes[i] & 0xFF);
        }
    }

    private void feed(int c) {
        switch (state) {
            case START -> start(c);
            case STRING -> string(c);
            case STRING_ESCAPE -> {
                token.write(c); // the parser validates escapes, as QEMU does
                state = State.STRING;
            }
            case NUMBER -> {
                if (isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    token.write(c);
                } else {
                    finishNumber();
                    start(c);
                }
            }
            case KEYWORD -> {
                if (c >= 'a' && c <= 'z') {
                    token.write(c);
                } else {
                    emit(JsonToken.Type.KEYWORD);
                    start(c);
                }
            }
            case RECOVERY -> recover(c);
        }
    }

    private void start(int c) {
        state = State.START;
        switch (c) {
            case ' ', '\t', '\n', '\r' -> { }
            case '{' -> single(JsonToken.Type.LCURLY, c);
            case '}' -> single(JsonToken.Type.RCURLY, c);
            case '[' -> single(JsonToken.Type.LSQUARE, c);
            case ']' -> single(JsonToken.Type.RSQUARE, c);
            case ':' -> single(JsonToken.Type.COLON, c);
            case ',' -> single(JsonToken.Type.COMMA, c);
            case '"', '\'' -> {
                quote = c;
                token.write(c);
                state = State.STRING;
            }
            default -> {
                token.write(c);
                if (c == '-' || isDigit(c)) {
                    state = State.NUMBER;
                } else if (c >= 'a' && c <= 'z') {
                    state = State.KEYWORD;
                } else {
                    error();
                }
            }
        }
    }

    private void string(int c) {
        token.write(c);
        if (c == quote) {
            emit(JsonToken.Type.STRING);
            state = State.START;
        } else if (c == '\\') {
            state = State.STRING_ESCAPE;
        } else if (c < 0x20 || c >= 0xFE) {
            error();
        }
    }

    private void recover(int c) {
        if (c >= 0xFE) {
            state = State.START;
        } else if ((c < 0x20 && c != '\t') || c == '[' || c == ']' || c == '{' || c == '}' || c == ':' || c == ',') {
            start(c);
        }
    }

    private void finishNumber() {
        String text = token.toString(java.nio.charset.StandardCharsets.US_ASCII);
        if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            emit(JsonToken.Type.NUMBER);
        } else {
            error();
        }
    }

    private void error() {
        emit(JsonToken.Type.ERROR);
        state = State.RECOVERY;
    }

    private void single(JsonToken.Type type, int c) {
        token.write(c);
        emit(type);
    }

    private void emit(JsonToken.Type type) {
        byte[] text = token.toByteArray();
        token.reset();
        sink.accept(new JsonToken(type, text));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
