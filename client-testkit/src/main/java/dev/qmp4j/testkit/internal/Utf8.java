package dev.qmp4j.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** UTF-8 decoding in the two flavours the simulator needs: strict for input strings, lenient for error texts. */
final class Utf8 {
    private Utf8() {
    }

    static Optional<String> decodeStrict(byte[] bytes, int offset, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static String decodeLenient(byte[] bytes) {
        // new String() replaces malformed input with U+FFFD, as QEMU's error texts show it.
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
