package org.lunbridge.nbd.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** proto.md "Conventions": strings are UTF-8, not NUL-terminated, contain no NUL, at most 4096 bytes. */
public final class NbdStrings {
    private NbdStrings() {}

    /** Decodes {@code lengthBytes} bytes at the buffer's position, advancing it. */
    public static String decode(ByteBuffer src, int lengthBytes, String what) throws InvalidOptionException {
        if (lengthBytes < 0 || lengthBytes > NbdConstants.MAX_STRING_BYTES) {
            throw new InvalidOptionException(what + " length: " + Integer.toUnsignedString(lengthBytes)
                    + " (expected: <= " + NbdConstants.MAX_STRING_BYTES + ")");
        }
        if (lengthBytes > src.remaining()) {
            throw new InvalidOptionException(what + " length: " + lengthBytes + " (expected: <= "
                    + src.remaining() + " bytes left in the option)");
        }
        ByteBuffer slice = src.slice(src.position(), lengthBytes);
        src.position(src.position() + lengthBytes);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidOptionException(what + ": not valid UTF-8");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidOptionException(what + ": contains NUL");
        }
        return text;
    }

    /** UTF-8 bytes of a string we send, truncated to the protocol limit on a character boundary. */
    public static byte[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= NbdConstants.MAX_STRING_BYTES) {
            return bytes;
        }
        int end = NbdConstants.MAX_STRING_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--; // don't cut a multi-byte sequence
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
