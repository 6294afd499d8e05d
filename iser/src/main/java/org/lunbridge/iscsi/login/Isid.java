package org.lunbridge.iscsi.login;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The Initiator Session ID (RFC 7143 §11.12.5), 6 bytes:
 *
 * <pre>
 *  Byte/     0       |       1       |       2       |       3       |
 *     +---------------+---------------+---------------+---------------+
 *   8 | T | A         | B                             | C             |
 *     +---------------+---------------+---------------+---------------+
 *  12 | D                             |
 *     +---------------+---------------+
 *
 *   T=00 OUI format:    A+B = 22-bit OUI, C+D = 24-bit qualifier
 *   T=01 EN format:     A reserved, B+C = 24-bit IANA enterprise number, D = qualifier
 *   T=10 Random format: A reserved, B+C = 24-bit random, D = qualifier
 *   T=11 reserved
 * </pre>
 *
 * The ISID with the initiator name identifies the I_T nexus. Reusing the same ISID for a re-login makes the
 * target reinstate the session and terminate the old one's tasks (§6.3.5, "session reinstatement"), which is why
 * {@link #forSlot} derives the ISID of session slot n stably from one configured base.
 */
public record Isid(Type type, int a, int b, int c, int d) {

    /** The 2-bit T field. */
    public enum Type {
        OUI(0), ENTERPRISE_NUMBER(1), RANDOM(2), RESERVED(3);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public Isid {
        if (a < 0 || a > 0x3f || b < 0 || b > 0xffff || c < 0 || c > 0xff || d < 0 || d > 0xffff) {
            throw new IllegalArgumentException(String.format("ISID fields out of range: a=%d b=%d c=%d d=%d",
                    a, b, c, d));
        }
        if ((type == Type.ENTERPRISE_NUMBER || type == Type.RANDOM) && a != 0) {
            throw new IllegalArgumentException("ISID " + type + ": A is reserved and must be 0");
        }
    }

    /** OUI format: {@code oui} is the 22-bit OUI (I/G and U/L bits omitted), {@code qualifier} 24 bits. */
    public static Isid oui(int oui, int qualifier) {
        require(oui, 0x3fffff, "oui");
        require(qualifier, 0xffffff, "qualifier");
        return new Isid(Type.OUI, oui >>> 16, oui & 0xffff, qualifier >>> 16, qualifier & 0xffff);
    }

    /** EN format: {@code enterpriseNumber} is the 24-bit IANA enterprise number, {@code qualifier} 16 bits. */
    public static Isid enterpriseNumber(int enterpriseNumber, int qualifier) {
        require(enterpriseNumber, 0xffffff, "enterpriseNumber");
        require(qualifier, 0xffff, "qualifier");
        return new Isid(Type.ENTERPRISE_NUMBER, 0, enterpriseNumber >>> 8, enterpriseNumber & 0xff, qualifier);
    }

    /** Random format: 24 random bits in B+C. Persist the result as the base; do not call this per login. */
    public static Isid random(RandomGenerator random, int qualifier) {
        require(qualifier, 0xffff, "qualifier");
        int r = random.nextInt(1 << 24);
        return new Isid(Type.RANDOM, 0, r >>> 8, r & 0xff, qualifier);
    }

    /**
     * The ISID of session slot {@code slot} derived from this base: the qualifier is offset by the slot, everything
     * else is kept. The same base and slot always give the same ISID, so re-logging a slot reinstates its session;
     * different slots never collide (the qualifier space is at least 16 bits).
     */
    public Isid forSlot(int slot) {
        if (type == Type.OUI) {
            require(slot, 0xffffff, "slot");
            int q = ((c << 16 | d) + slot) & 0xffffff;
            return new Isid(type, a, b, q >>> 16, q & 0xffff);
        }
        require(slot, 0xffff, "slot");
        return new Isid(type, a, b, c, (d + slot) & 0xffff);
    }

    /** The 6 wire bytes. */
    public byte[] toBytes() {
        return new byte[] {(byte) (type.code << 6 | a), (byte) (b >>> 8), (byte) b, (byte) c, (byte) (d >>> 8),
                (byte) d};
    }

    /** Decodes 6 wire bytes (any type, including reserved, so echoes can be compared). */
    public static Isid fromBytes(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("ISID length: " + bytes.length + " (expected: 6)");
        }
        int t = (bytes[0] & 0xff) >>> 6;
        Type type = Type.values()[t];
        int a = bytes[0] & 0x3f;
        int b = (bytes[1] & 0xff) << 8 | bytes[2] & 0xff;
        int c = bytes[3] & 0xff;
        int d = (bytes[4] & 0xff) << 8 | bytes[5] & 0xff;
        if (type == Type.ENTERPRISE_NUMBER || type == Type.RANDOM) {
            a = 0;   // reserved bits are ignored on receipt
        }
        return new Isid(type, a, b, c, d);
    }

    /** The 48-bit value, as the PDU layer may keep it. */
    public long toLong() {
        long v = 0;
        for (byte x : toBytes()) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    public static Isid fromLong(long value) {
        if (value < 0 || value > 0xffff_ffff_ffffL) {
            throw new IllegalArgumentException("ISID value out of 48 bits: " + value);
        }
        byte[] bytes = new byte[6];
        for (int i = 5; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return fromBytes(bytes);
    }

    private static void require(int v, int max, String name) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: 0.." + max + ")");
        }
    }

    @Override
    public String toString() {
        return type + ":" + HexFormat.of().formatHex(toBytes());
    }
}
