package org.lunbridge.iscsi.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * CHAP_A algorithm numbers from the IANA "PPP Authentication Algorithms" registry, as RFC 7143 §12.1.3 and its
 * successor use them: 5 = MD5 (RFC 1994), 6 = SHA-1, 7 = SHA-256, 8 = SHA3-256. Linux LIO
 * (drivers/target/iscsi/iscsi_target_auth.h) and open-iscsi use the same numbers. Beware: tgt 1.0.85
 * (usr/iscsi/chap.c) maps 7 to SHA-1, so a tgtd target that picks 7 computes a 20-byte SHA-1 digest;
 * {@link ChapRetryPolicy} falls back to MD5 for such targets.
 */
public enum ChapAlgorithm {
    MD5(5, "MD5", 16),
    SHA1(6, "SHA-1", 20),
    SHA256(7, "SHA-256", 32),
    SHA3_256(8, "SHA3-256", 32);

    private final int number;
    private final String jcaName;
    private final int digestLength;

    ChapAlgorithm(int number, String jcaName, int digestLength) {
        this.number = number;
        this.jcaName = jcaName;
        this.digestLength = digestLength;
    }

    /** The CHAP_A value. */
    public int number() {
        return number;
    }

    public int digestLength() {
        return digestLength;
    }

    /** A fresh {@link MessageDigest}; every JDK 9+ ships all four. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    /** RFC 1994 §4.1: Response = H(Identifier || secret || Challenge), Identifier one octet. */
    public byte[] response(int identifier, byte[] secret, byte[] challenge) {
        if (identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("identifier: " + identifier + " (expected: 0..255)");
        }
        MessageDigest md = newDigest();
        md.update((byte) identifier);
        md.update(secret);
        md.update(challenge);
        return md.digest();
    }

    /** The algorithm with CHAP_A number {@code number}, or null if we do not implement it. */
    public static ChapAlgorithm fromNumber(int number) {
        for (ChapAlgorithm a : values()) {
            if (a.number == number) {
                return a;
            }
        }
        return null;
    }

    /** For logs: "7 SHA256" or "unknown(9)". */
    public static String nameOf(int number) {
        ChapAlgorithm a = fromNumber(number);
        return a == null ? "unknown(" + number + ")" : number + " " + a.name();
    }
}
