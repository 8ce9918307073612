package dev.qmp4j.testkit.internal;

/** One lexical token of QMP input, with its raw bytes decoded lazily by the parser. */
record JsonToken(Type type, byte[] text) {

    /** Token kinds, as QEMU's JSON lexer distinguishes them. */
    enum Type { LCURLY, RCURLY, LSQUARE, RSQUARE, COLON, COMMA, STRING, NUMBER, KEYWORD, ERROR }

    String textAsString() {
        return Utf8.decodeLenient(text);
    }
}
