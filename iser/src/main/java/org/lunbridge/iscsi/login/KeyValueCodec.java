package org.lunbridge.iscsi.login;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes iSCSI text data: an ordered list of {@code key=value} pairs, each followed by one NUL
 * (RFC 7143 §6.1), UTF-8. Pure: byte arrays in, lists out, {@link TextFormatException} on malformed input.
 *
 * <pre>
 *   text      = 1*( key "=" value %x00 )
 *   key       = 1*63( ALPHA / DIGIT / "." / "-" / "+" / "@" / "_" )
 *   value     = *8192( UTF-8 octet except %x00 )
 * </pre>
 */
public final class KeyValueCodec {

    private KeyValueCodec() {
    }

    /** Encodes pairs in order. Throws if a key or value breaks the §6.1 limits (a bug on our side). */
    public static byte[] encode(List<KeyValue> pairs) throws TextFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (KeyValue kv : pairs) {
            byte[] key = kv.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = kv.value().getBytes(StandardCharsets.UTF_8);
            checkKey(kv.key(), key);
            checkValue(kv.key(), value);
            out.writeBytes(key);
            out.write('=');
            out.writeBytes(value);
            out.write(0);
        }
        if (out.size() > TextKeys.MAX_TEXT_BYTES) {
            throw new TextFormatException("text length: " + out.size() + " (expected: <= " + TextKeys.MAX_TEXT_BYTES
                    + ")");
        }
        return out.toByteArray();
    }

    /**
     * Decodes a complete text (after reassembly of C=1 PDUs). Trailing NULs beyond the last pair's delimiter are
     * tolerated as data segment padding (§11.2.3); an empty pair elsewhere is malformed.
     */
    public static List<KeyValue> decode(byte[] text) throws TextFormatException {
        if (text.length > TextKeys.MAX_TEXT_BYTES) {
            throw new TextFormatException("text length: " + text.length + " (expected: <= "
                    + TextKeys.MAX_TEXT_BYTES + ")");
        }
        int end = text.length;
        while (end > 1 && text[end - 1] == 0 && text[end - 2] == 0) {
            end--;                                       // padding after the final delimiter
        }
        if (end == 1 && text[0] == 0) {
            end = 0;                                     // all padding
        }
        List<KeyValue> pairs = new ArrayList<>();
        int start = 0;
        while (start < end) {
            int nul = indexOf(text, (byte) 0, start, end);
            if (nul < 0) {
                throw new TextFormatException("pair at offset " + start + " is not NUL-terminated");
            }
            if (nul == start) {
                throw new TextFormatException("empty pair at offset " + start);
            }
            int eq = indexOf(text, (byte) '=', start, nul);
            if (eq < 0) {
                throw new TextFormatException("pair at offset " + start + " has no '='");
            }
            byte[] keyBytes = Arrays.copyOfRange(text, start, eq);
            byte[] valueBytes = Arrays.copyOfRange(text, eq + 1, nul);
            String key = utf8(keyBytes, start);
            checkKey(key, keyBytes);
            checkValue(key, valueBytes);
            pairs.add(new KeyValue(key, utf8(valueBytes, eq + 1)));
            start = nul + 1;
        }
        return List.copyOf(pairs);
    }

    /**
     * Splits an encoded text into data segments of at most {@code maxSegmentBytes} (the receiver's
     * MaxRecvDataSegmentLength). Every segment but the last goes out with C=1 (§11.12.2); pairs may straddle
     * segments, the receiver reassembles with {@link TextAssembler}. An empty text yields one empty segment.
     */
    public static List<byte[]> split(byte[] encoded, int maxSegmentBytes) {
        if (maxSegmentBytes < 1) {
            throw new IllegalArgumentException("maxSegmentBytes: " + maxSegmentBytes + " (expected: >= 1)");
        }
        List<byte[]> segments = new ArrayList<>();
        int offset = 0;
        do {
            int length = Math.min(maxSegmentBytes, encoded.length - offset);
            segments.add(Arrays.copyOfRange(encoded, offset, offset + length));
            offset += length;
        } while (offset < encoded.length);
        return List.copyOf(segments);
    }

    private static void checkKey(String key, byte[] keyBytes) throws TextFormatException {
        if (keyBytes.length == 0) {
            throw new TextFormatException("empty key");
        }
        if (keyBytes.length > TextKeys.MAX_KEY_BYTES) {
            throw new TextFormatException("key length: " + keyBytes.length + " (expected: <= "
                    + TextKeys.MAX_KEY_BYTES + ")");
        }
        for (byte b : keyBytes) {
            char c = (char) (b & 0xff);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '+' || c == '@' || c == '_';
            if (!ok) {
                throw new TextFormatException("key \"" + printable(key) + "\" has illegal character 0x"
                        + Integer.toHexString(c) + " (RFC 7143 §6.1)");
            }
        }
    }

    private static void checkValue(String key, byte[] valueBytes) throws TextFormatException {
        if (valueBytes.length > TextKeys.MAX_VALUE_BYTES) {
            throw new TextFormatException(key + " value length: " + valueBytes.length + " (expected: <= "
                    + TextKeys.MAX_VALUE_BYTES + ")");
        }
        for (byte b : valueBytes) {
            if (b == 0) {
                throw new TextFormatException(key + " value contains NUL");
            }
        }
    }

    private static String utf8(byte[] bytes, int offset) throws TextFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TextFormatException("invalid UTF-8 at offset " + offset);
        }
    }

    private static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
