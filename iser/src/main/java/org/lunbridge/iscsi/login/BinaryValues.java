package org.lunbridge.iscsi.login;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Binary values in text keys (RFC 7143 §6.1 "binary-value"): {@code 0x}/{@code 0X} + hex digits, or
 * {@code 0b}/{@code 0B} + base64 (RFC 4648 §4, padded). Used for CHAP_C and CHAP_R.
 */
public final class BinaryValues {

    /** Which encoding we emit. Both are always accepted. */
    public enum Encoding {
        HEX, BASE64
    }

    private BinaryValues() {
    }

    public static String encode(byte[] bytes, Encoding encoding) {
        return switch (encoding) {
            case HEX -> "0x" + HexFormat.of().formatHex(bytes);
            case BASE64 -> "0b" + Base64.getEncoder().encodeToString(bytes);
        };
    }

    /**
     * Decodes either form. An odd number of hex digits implies a leading zero nibble (RFC 7143 §6.1, as
     * targets like tgtd decode it). Empty payloads are rejected.
     */
    public static byte[] decode(String key, String value) throws TextFormatException {
        if (value.length() < 3 || value.charAt(0) != '0') {
            throw new TextFormatException(key + ": binary value must start with 0x or 0b");
        }
        char kind = value.charAt(1);
        String payload = value.substring(2);
        if (kind == 'x' || kind == 'X') {
            String hex = payload.length() % 2 == 1 ? "0" + payload : payload;
            try {
                return HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new TextFormatException(key + ": invalid hex digits");
            }
        }
        if (kind == 'b' || kind == 'B') {
            if (payload.length() % 4 != 0) {
                throw new TextFormatException(key + ": base64 length " + payload.length()
                        + " is not a multiple of 4");
            }
            try {
                return Base64.getDecoder().decode(payload);
            } catch (IllegalArgumentException e) {
                throw new TextFormatException(key + ": invalid base64");
            }
        }
        throw new TextFormatException(key + ": binary value must start with 0x or 0b");
    }
}
